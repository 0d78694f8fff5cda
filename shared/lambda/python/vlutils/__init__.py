"""vlutils: the descriptor container helpers lambdas use."""
