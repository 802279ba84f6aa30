"""Section builders of the governance packs: database in, plain pack blocks out."""
