"""lunavl over the playground's inference core (written for the playground): detection in an area, warps, the mask estimator."""
