// Package trials stores clinical research projects and the centers (hospitals)
// that take part in them.
package trials

import (
	"context"
	"database/sql"
	"fmt"
)

// Schema creates the tables. A center belongs to exactly one project and its
// name is unique within that project; an empty name violates a CHECK.
const Schema = `
CREATE TABLE IF NOT EXISTS projects (
	id    INTEGER PRIMARY KEY,
	code  TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS centers (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	name       TEXT NOT NULL CHECK (name <> ''),
	UNIQUE (project_id, name)
);`

// Project is a clinical study together with the centers that run it.
type Project struct {
	Code    string
	Title   string
	Centers []string
}

// Migrate creates the schema if it does not exist yet.
func Migrate(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, Schema)
	return err
}

// CreateProject should insert p and all of its centers in one transaction and
// return the new project's id: everything is written, or nothing is.
//
// This version writes each row on its own, so a failing center leaves the
// project (and the centers before it) behind.
func CreateProject(ctx context.Context, db *sql.DB, p Project) (int64, error) {
	res, err := db.ExecContext(ctx, `INSERT INTO projects (code, title) VALUES (?, ?)`, p.Code, p.Title)
	if err != nil {
		return 0, fmt.Errorf("create project %s: %w", p.Code, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for _, name := range p.Centers {
		if _, err := db.ExecContext(ctx, `INSERT INTO centers (project_id, name) VALUES (?, ?)`, id, name); err != nil {
			return 0, fmt.Errorf("create project %s: center %q: %w", p.Code, name, err)
		}
	}
	return id, nil
}
