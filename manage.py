#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.umask(0o077)  # what the journal's commands write (database, backups, var/) is private
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bonejournal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
