"""Short runs of the drills in benchmarks/drills."""
