"""`python -m tests.crash --kills N`: run the crash harness and print a summary."""

from tests.crash.runner import main

if __name__ == "__main__":
    raise SystemExit(main())
