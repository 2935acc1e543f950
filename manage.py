#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Development by default; the image sets vigo.settings.prod (Dockerfile), pytest vigo.settings.test.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigo.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
