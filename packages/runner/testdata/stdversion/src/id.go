package sv

import "uuid"

func New() string { return uuid.New().String() }
