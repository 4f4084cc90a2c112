"""Det Grønne Opslagsværk: green public procurement criteria as data."""
