"""luna3.common: RequestPayload."""
