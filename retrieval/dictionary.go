package retrieval

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// DefaultDictionary is where Debian's dict-freedict-eng-ara package puts
// FreeDict's English–Arabic dictionary.
const DefaultDictionary = "/usr/share/dictd/freedict-eng-ara.index"

// Dictionary is an English→Arabic dictionary in dictd format: an .index
// file of headwords with base-64 offsets into a .dict.dz file, which is
// gzip-compatible. It lets English questions reach an article that has no
// translation. The files are GPL data, installed on the machine and read
// at run time, never copied into this repository. Loading happens on the
// first Translate, so that a process that gets no English question pays
// nothing for it.
type Dictionary struct {
	indexPath, dataPath string
	logger              *slog.Logger

	once  sync.Once
	data  []byte            // the entries, uncompressed
	heads map[string][]Span // English stem → its entries in data
	err   error
}

// OpenDictionary finds a dictionary at path: a dictd .index file with its
// .dict.dz beside it, or a folder holding freedict-eng-ara.index. It
// checks that the files are there and readable; it does not load them.
// When loading fails later, the error is logged once to logger (if not
// nil), and English questions go on without the dictionary.
func OpenDictionary(path string, logger *slog.Logger) (*Dictionary, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		path = filepath.Join(path, filepath.Base(DefaultDictionary))
	}
	if !strings.HasSuffix(path, ".index") {
		return nil, fmt.Errorf("open dictionary %s: want a dictd .index file or a folder holding %s", path, filepath.Base(DefaultDictionary))
	}
	d := &Dictionary{indexPath: path, dataPath: strings.TrimSuffix(path, ".index") + ".dict.dz", logger: logger}
	for _, p := range []string{d.indexPath, d.dataPath} {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("open dictionary: %w", err)
		}
		f.Close()
	}
	return d, nil
}

// Translate returns the Arabic words the dictionary gives for an English
// word (any inflection: it is looked up by its stem), normalized. It
// returns nil for an unknown word, and when the dictionary cannot be
// loaded (see Err).
func (d *Dictionary) Translate(word string) []string {
	d.once.Do(d.load)
	var out []string
	for _, sp := range d.heads[englishStem(Normalize(word))] {
		for _, w := range arabicWords(string(d.data[sp.Start:sp.End])) {
			out = appendUnique(out, w)
		}
	}
	return out
}

// Err loads the dictionary if it is not loaded yet and reports why it
// could not be.
func (d *Dictionary) Err() error {
	d.once.Do(d.load)
	return d.err
}

func (d *Dictionary) load() {
	d.data, d.heads, d.err = readDictd(d.indexPath, d.dataPath)
	if d.err != nil {
		d.err = fmt.Errorf("load dictionary %s: %w", d.indexPath, d.err)
		if d.logger != nil {
			d.logger.Warn("the English-Arabic dictionary cannot be read: English questions will match names only", "error", d.err)
		}
	}
}

// readDictd reads the whole data file and indexes its entries by the stem
// of their headword; entries are parsed only when looked up.
func readDictd(indexPath, dataPath string) ([]byte, map[string][]Span, error) {
	df, err := os.Open(dataPath)
	if err != nil {
		return nil, nil, err
	}
	defer df.Close()
	zr, err := gzip.NewReader(df)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dataPath, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dataPath, err)
	}

	f, err := os.Open(indexPath)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	heads := map[string][]Span{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		head, offs, length, ok := splitIndexLine(sc.Text())
		if !ok {
			return nil, nil, fmt.Errorf("%s:%d: want HEADWORD<TAB>OFFSET<TAB>LENGTH", indexPath, n)
		}
		if strings.HasPrefix(head, "00database") || strings.ContainsAny(head, " -") {
			continue // metadata, and phrases a question word cannot be
		}
		off, err1 := dictdNumber(offs)
		size, err2 := dictdNumber(length)
		if err1 != nil || err2 != nil || off+size > len(data) {
			return nil, nil, fmt.Errorf("%s:%d: bad offset or length", indexPath, n)
		}
		key := englishStem(strings.ToLower(head))
		heads[key] = append(heads[key], Span{off, off + size})
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	return data, heads, nil
}

func splitIndexLine(line string) (head, off, length string, ok bool) {
	parts := strings.Split(line, "\t")
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

const dictdDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// dictdNumber decodes dictd's base-64 numbers.
func dictdNumber(s string) (int, error) {
	if s == "" {
		return 0, errors.New("empty number")
	}
	n := 0
	for _, c := range s {
		d := strings.IndexRune(dictdDigits, c)
		if d < 0 || n > (1<<40) {
			return 0, fmt.Errorf("bad number %q", s)
		}
		n = n*64 + d
	}
	return n, nil
}

// arabicWords returns the normalized Arabic words of an entry: every line
// after the headword line.
func arabicWords(entry string) []string {
	_, body, _ := strings.Cut(entry, "\n")
	var out []string
	for _, t := range Tokenize(body) {
		if isArabicWord([]rune(t.Norm)) {
			out = append(out, t.Norm)
		}
	}
	return out
}
