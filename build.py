#!/usr/bin/env python3
"""Det Grønne Opslagsværk: check the criteria and build the site. See README.md."""

import sys

from opslag.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
