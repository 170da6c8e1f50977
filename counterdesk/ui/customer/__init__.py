"""The customer screen beside a counter: the teller, the service, the rating."""
