// Package trials stores clinical research projects and the centers (hospitals)
// that take part in them.
package trials

import (
	"context"
	"database/sql"
	"errors"
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

// CreateProject inserts p and all of its centers in one transaction and
// returns the new project's id. Either everything is written or, when any
// insert fails or ctx ends first, nothing is.
func CreateProject(ctx context.Context, db *sql.DB, p Project) (id int64, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("create project %s: begin: %w", p.Code, err)
	}
	// Rollback after a successful Commit is a no-op returning sql.ErrTxDone;
	// on every error path it releases the connection and discards the writes.
	defer func() {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
	}()

	res, err := tx.ExecContext(ctx, `INSERT INTO projects (code, title) VALUES (?, ?)`, p.Code, p.Title)
	if err != nil {
		return 0, fmt.Errorf("create project %s: %w", p.Code, err)
	}
	id, err = res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("create project %s: id: %w", p.Code, err)
	}

	// One statement parsed once, executed per center, and closed with the tx.
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO centers (project_id, name) VALUES (?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("create project %s: prepare: %w", p.Code, err)
	}
	defer stmt.Close()
	for _, name := range p.Centers {
		if _, err := stmt.ExecContext(ctx, id, name); err != nil {
			return 0, fmt.Errorf("create project %s: center %q: %w", p.Code, name, err)
		}
	}

	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("create project %s: commit: %w", p.Code, err)
	}
	return id, nil
}
