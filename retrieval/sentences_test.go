package retrieval

import (
	"slices"
	"testing"
)

var sentenceTests = []struct {
	name string
	in   string
	want []string
}{
	{"Arabic question mark glued to the next word", "والعالم؟ومن المفارقات أن.", []string{"والعالم؟", "ومن المفارقات أن."}},
	{"full stop and semicolon", "أولا. ثانيا؛ ثالثا", []string{"أولا.", "ثانيا؛", "ثالثا"}},
	{"Arabic comma does not split", "قال، ثم مضى، وعاد.", []string{"قال، ثم مضى، وعاد."}},
	{"runs of marks stay together", "حقا؟! نعم...", []string{"حقا؟!", "نعم..."}},
	{"decimal point", "النمو 3.5 بالمئة. ثم", []string{"النمو 3.5 بالمئة.", "ثم"}},
	{"line ends", "سطر أول\nسطر ثان\r\n", []string{"سطر أول", "سطر ثان"}},
	{"spaces trimmed", "  one.   two!  ", []string{"one.", "two!"}},
	{"empty", "", nil},
	{"marks only", " ؟. ", nil},
	{"invalid bytes", "\xff\xff\xff. a", []string{"\xff\xff\xff.", "a"}},
}

func TestSentences(t *testing.T) {
	for _, tt := range sentenceTests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSentences(f *testing.F) {
	for _, tt := range sentenceTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range Sentences(s) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("span %+v out of order or bounds in %q", sp, s)
			}
			prev = sp.End
		}
	})
}
