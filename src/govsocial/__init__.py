"""GovSocial: social media policy, maturity and governance for public organisations."""
