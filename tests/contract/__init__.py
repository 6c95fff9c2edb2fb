"""One contract suite for every device backend."""
