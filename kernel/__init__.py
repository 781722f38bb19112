"""The shared kernel below intake and scheduler: config, store, archive, status and the runtime."""
