"""The Qt desktop interface: widgets, dialogs, item models and charts."""
