"""Entry point: `python -m quotesdb` and the `quotesdb` console script."""

from quotesdb.cli import main

if __name__ == "__main__":
    main()
