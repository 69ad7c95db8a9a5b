"""One module per kind of workflow job; each function reads its inputs, calls the library and writes outputs.

These are the edges where I/O happens: the Snakemake scripts only pass paths and parameters to them, and
notebooks or other tools can call them the same way. Each module imports only what its jobs need, because every
Snakemake job is a new Python process that pays for its imports.
"""
