"""The command line (build.py): parses arguments, makes the one Project from them and the
environment, and hands it to the stage that does the work.

May import: everything."""
