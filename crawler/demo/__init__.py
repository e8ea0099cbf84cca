"""The offline demo: fixture copies of the registered sites, served locally under their real host names."""
