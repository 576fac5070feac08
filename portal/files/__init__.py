"""Uploaded files: type detected from the bytes, size-limited, stored atomically on disk.

Features keep their own table of what a file is for and decide who may read it; this
package only checks, stores, finds and removes the bytes. See :mod:`portal.files.storage`.
"""
