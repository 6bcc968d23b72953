package trials

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	_ "modernc.org/sqlite"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if err := goleak.Find(); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: Errors on test run: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

// openDB returns a migrated database in a fresh file. A file (not :memory:)
// because every pooled connection to ":memory:" would get its own empty
// database; _txlock=immediate makes BEGIN take the write lock so concurrent
// writers queue on busy_timeout instead of failing on a lock upgrade.
func openDB(t *testing.T) *sql.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "trials.db") +
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(wal)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// testCtx bounds each call, so a transaction that is never finished (and
// keeps the write lock) fails the test in seconds instead of hanging it.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestCreateWritesProjectAndAllCenters(t *testing.T) {
	db := openDB(t)
	p := Project{Code: "ONC-2031", Title: "Phase III adjuvant trial", Centers: []string{"Peking Union", "Ruijin", "West China"}}
	id, err := CreateProject(testCtx(t), db, p)
	if err != nil {
		t.Fatalf("CreateProject: %v", err)
	}
	var code, title string
	if err := db.QueryRow(`SELECT code, title FROM projects WHERE id = ?`, id).Scan(&code, &title); err != nil {
		t.Fatalf("project row for returned id %d: %v", id, err)
	}
	if code != p.Code || title != p.Title {
		t.Fatalf("project row = (%q, %q), want (%q, %q)", code, title, p.Code, p.Title)
	}
	rows, err := db.Query(`SELECT name FROM centers WHERE project_id = ? ORDER BY name`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Peking Union", "Ruijin", "West China"}; !slices.Equal(got, want) {
		t.Fatalf("centers of project %d = %q, want %q", id, got, want)
	}
}

// A center that violates a constraint must undo the project row and the
// centers inserted before it, release the connection, and name the center.
func TestFailingCenterLeavesNoPartialRows(t *testing.T) {
	cases := map[string][]string{
		"duplicate center":  {"Ruijin", "Huashan", "Ruijin"},
		"empty center name": {"Ruijin", ""},
	}
	for name, centers := range cases {
		t.Run(name, func(t *testing.T) {
			db := openDB(t)
			_, err := CreateProject(testCtx(t), db, Project{Code: "CARD-7", Title: "Heart failure registry", Centers: centers})
			if err == nil {
				t.Fatal("CreateProject succeeded although a center insert violates a constraint")
			}
			if !strings.Contains(err.Error(), "constraint") {
				t.Fatalf("error %q does not carry the database's constraint error (wrap it with %%w)", err)
			}
			if n := count(t, db, `SELECT count(*) FROM projects`); n != 0 {
				t.Errorf("%d project row(s) left after the failed create, want 0 (all or nothing)", n)
			}
			if n := count(t, db, `SELECT count(*) FROM centers`); n != 0 {
				t.Errorf("%d center row(s) left after the failed create, want 0 (all or nothing)", n)
			}
			if inUse := db.Stats().InUse; inUse != 0 {
				t.Fatalf("%d connection(s) still in use after CreateProject returned: the transaction was neither committed nor rolled back", inUse)
			}
			// The code is free again: the failed attempt really left nothing behind.
			if _, err := CreateProject(testCtx(t), db, Project{Code: "CARD-7", Title: "Heart failure registry", Centers: []string{"Ruijin"}}); err != nil {
				t.Fatalf("retry with valid centers: %v", err)
			}
			if n := count(t, db, `SELECT count(*) FROM centers`); n != 1 {
				t.Errorf("after the retry: %d centers, want 1", n)
			}
		})
	}
}

func TestDuplicateProjectCodeKeepsTheFirst(t *testing.T) {
	db := openDB(t)
	ctx := testCtx(t)
	first, err := CreateProject(ctx, db, Project{Code: "NEURO-1", Title: "Stroke follow-up", Centers: []string{"Tiantan"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CreateProject(ctx, db, Project{Code: "NEURO-1", Title: "Copy", Centers: []string{"Xuanwu"}}); err == nil {
		t.Fatal("a second project with the same code was accepted")
	}
	if n := count(t, db, `SELECT count(*) FROM centers WHERE project_id = ?`, first); n != 1 {
		t.Fatalf("first project has %d centers after the rejected duplicate, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM centers`); n != 1 {
		t.Fatalf("%d centers in total, want 1", n)
	}
}

func TestCanceledContextWritesNothing(t *testing.T) {
	db := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := CreateProject(ctx, db, Project{Code: "PED-3", Title: "Asthma", Centers: []string{"Fudan Children's"}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one that wraps context.Canceled", err)
	}
	if n := count(t, db, `SELECT count(*) FROM projects`) + count(t, db, `SELECT count(*) FROM centers`); n != 0 {
		t.Fatalf("%d rows written under a canceled context", n)
	}
	if inUse := db.Stats().InUse; inUse != 0 {
		t.Fatalf("%d connection(s) still in use", inUse)
	}
}

// Writers in parallel: every good project lands whole, every bad one vanishes.
func TestConcurrentCreates(t *testing.T) {
	db := openDB(t)
	ctx := testCtx(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range 8 {
		wg.Go(func() {
			centers := []string{"A", "B", "C"}
			if i%2 == 1 {
				centers = append(centers, "A") // odd workers fail on their last center
			}
			_, errs[i] = CreateProject(ctx, db, Project{Code: fmt.Sprintf("MULTI-%d", i), Title: "multi-center", Centers: centers})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i%2 == 1) {
			t.Errorf("worker %d: err = %v", i, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM projects`); n != 4 {
		t.Errorf("%d projects, want the 4 valid ones", n)
	}
	if n := count(t, db, `SELECT count(*) FROM centers`); n != 12 {
		t.Errorf("%d centers, want 12 (3 for each valid project)", n)
	}
}
