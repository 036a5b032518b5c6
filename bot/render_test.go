package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestUTF16Len(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int
	}{{"abc", 3}, {"توكاييف", 7}, {"😀", 2}, {"a😀b", 4}, {"", 0}} {
		if got := utf16Len(tt.s); got != tt.want {
			t.Errorf("utf16Len(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// Telegram counts entity offsets in UTF-16 units: an emoji is two, an
// Arabic letter one.
func TestUTF16Span(t *testing.T) {
	text := "😀 سؤال @maqal_bot من كتب؟"
	// 😀=2, space=1, سؤال=4, space=1 → the mention starts at 8.
	start, end, ok := utf16Span(text, 8, 10)
	if !ok || text[start:end] != "@maqal_bot" {
		t.Fatalf("utf16Span = %q, %v", text[start:end], ok)
	}
	if _, _, ok := utf16Span(text, 8, 100); ok {
		t.Error("a span past the end was accepted")
	}
	if _, _, ok := utf16Span(text, 1, 2); ok {
		t.Error("a span inside a surrogate pair was accepted")
	}
}

// A reply longer than one message is cut into messages of at most 4096
// units, at sentence ends, each with balanced tags, losing no text.
func TestChunksSplitLongRepliesAtSentences(t *testing.T) {
	sentence := "هذه جملة عربية طويلة بعض الشيء عن كازاخستان وروسيا والغرب. "
	long := strings.Repeat(sentence, 200) // about 12,000 letters
	rep := Reply{Blocks: []Block{
		textBlock(bold("Paragraph 1")),
		{Kind: Quote, Runs: []Run{plain(long[:len(long)/2]), bold("كازاخستان"), plain(long[len(long)/2:])}},
		{Kind: Translation, Runs: []Run{plain(strings.Repeat("An English sentence here. ", 300))}},
	}}
	parts := chunks(rep, maxMessage)
	if len(parts) < 4 {
		t.Fatalf("%d messages for about 20,000 characters", len(parts))
	}
	var all strings.Builder
	for i, c := range parts {
		if n := utf16Len(c.plain); n > maxMessage {
			t.Errorf("message %d: %d units", i, n)
		}
		if !utf8.ValidString(c.html) {
			t.Errorf("message %d: invalid UTF-8", i)
		}
		for _, tag := range []string{"b", "i", "blockquote"} {
			opens := strings.Count(c.html, "<"+tag+">") + strings.Count(c.html, "<"+tag+" ")
			if closes := strings.Count(c.html, "</"+tag+">"); opens != closes {
				t.Errorf("message %d: %d <%s> and %d </%s>", i, opens, tag, closes, tag)
			}
		}
		if i < len(parts)-1 && !strings.HasSuffix(strings.TrimRight(c.plain, " "), ".") {
			t.Errorf("message %d does not end at a sentence: …%q", i, c.plain[max(0, len(c.plain)-30):])
		}
		all.WriteString(c.plain)
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if got, want := squash(all.String()), squash(rep.Plain(false)); strings.Count(got, "هذه") != strings.Count(want, "هذه") {
		t.Errorf("text lost in splitting: %d sentences, want %d", strings.Count(got, "هذه"), strings.Count(want, "هذه"))
	}
	if !strings.Contains(parts[0].html, "<blockquote expandable>") {
		t.Error("a long quote is not folded")
	}
}

func TestChunksKeepShortRepliesWhole(t *testing.T) {
	rep := Reply{Blocks: []Block{textBlock(bold("Paragraph 5")), {Kind: Quote, Runs: []Run{plain("قصير")}}}}
	parts := chunks(rep, maxMessage)
	if len(parts) != 1 || parts[0].html != "<b>Paragraph 5</b>\n\n<blockquote>قصير</blockquote>" {
		t.Errorf("chunks = %+v", parts)
	}
}

func TestSessionsExpireAndStayBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newSessions(time.Hour, 3, func() time.Time { return now })
	id := s.put(view{question: "q1"})
	if len(id) > 20 {
		t.Errorf("id %q is too long for callback data", id)
	}
	if v, ok := s.get(id); !ok || v.question != "q1" {
		t.Fatalf("get = %+v, %v", v, ok)
	}
	if !s.update(id, view{question: "q1", passage: 1}) {
		t.Fatal("update failed")
	}
	now = now.Add(2 * time.Hour)
	if _, ok := s.get(id); ok {
		t.Error("an expired view was returned")
	}
	if s.update(id, view{}) {
		t.Error("an expired view was updated")
	}
	var ids []string
	for i := range 5 {
		ids = append(ids, s.put(view{passage: i}))
	}
	if _, ok := s.get(ids[0]); ok {
		t.Error("the oldest view outlived the bound")
	}
	if v, ok := s.get(ids[4]); !ok || v.passage != 4 {
		t.Error("the newest view is gone")
	}
	if len(s.views) > 3 {
		t.Errorf("%d views kept, bound 3", len(s.views))
	}
}
