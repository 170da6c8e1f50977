"""One counter's use cases, one module each, over a shared counter session."""
