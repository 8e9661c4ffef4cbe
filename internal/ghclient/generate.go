package ghclient

//go:generate go tool genqlient genqlient.yaml
