"""The one error type a user can cause: bad config, codebook or data."""


class LikertpipeError(Exception):
    """An input problem the user can fix; the message says where and how.

    Command-line entry points print the message without a traceback and exit non-zero.
    """
