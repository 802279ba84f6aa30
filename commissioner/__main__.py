import sys

from commissioner.cli import main

sys.exit(main())
