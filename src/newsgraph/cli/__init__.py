"""The `newsgraph` command line: a thin layer of click commands over `newsgraph.api.Newsgraph`."""
