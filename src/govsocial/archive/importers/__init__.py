"""One module per source; each is registered in the archive's AppConfig.ready()
with `registry.register_importer("archive", name, IMPORTER)`."""
