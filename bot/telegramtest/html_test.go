package telegramtest

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

var parseHTMLTests = []struct {
	name     string
	in       string
	text     string
	entities []models.MessageEntity
	err      string // prefix of the error, "" for none
}{
	{name: "bold", in: "<b>bold</b> and <strong>strong</strong>", text: "bold and strong",
		entities: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 4}, {Type: "bold", Offset: 9, Length: 6}}},
	{name: "entities", in: "a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#1576;&#x628;", text: `a < b && c > d "q" بب`},
	{name: "entity without semicolon", in: "&lt;b&gt", text: "<b>"},
	{name: "letters after an entity name make it unknown (stricter)", in: "&ltb", err: `unescaped "&" at byte offset 0`},
	{name: "astral numeric entity counts two", in: "<i>&#x1F600;</i>x", text: "😀x",
		entities: []models.MessageEntity{{Type: "italic", Offset: 0, Length: 2}}},
	{name: "arabic blockquote", in: "<blockquote>قال الله</blockquote>", text: "قال الله",
		entities: []models.MessageEntity{{Type: "blockquote", Offset: 0, Length: 8}}},
	{name: "expandable blockquote", in: "<blockquote expandable>x</blockquote>", text: "x",
		entities: []models.MessageEntity{{Type: "expandable_blockquote", Offset: 0, Length: 1}}},
	{name: "pre with language", in: `<pre><code class="language-go">x := 1</code></pre>`, text: "x := 1",
		entities: []models.MessageEntity{{Type: "pre", Offset: 0, Length: 6, Language: "go"}}},
	{name: "code loses its language outside pre", in: `<code class="language-go">x</code>`, text: "x",
		entities: []models.MessageEntity{{Type: "code", Offset: 0, Length: 1}}},
	{name: "link with a raw & in the attribute", in: `<a href="https://example.com/?a=1&b=2">link</a>`, text: "link",
		entities: []models.MessageEntity{{Type: "text_link", Offset: 0, Length: 4, URL: "https://example.com/?a=1&b=2"}}},
	{name: "user link", in: `<a href="tg://user?id=42">Alice</a>`, text: "Alice",
		entities: []models.MessageEntity{{Type: "text_mention", Offset: 0, Length: 5, User: &models.User{ID: 42}}}},
	{name: "unusable link is dropped", in: `<a href="javascript:alert(1)">x</a>`, text: "x"},
	{name: "spoilers", in: `<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>`, text: "ab",
		entities: []models.MessageEntity{{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
	{name: "custom emoji", in: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, text: "👍",
		entities: []models.MessageEntity{{Type: "custom_emoji", Offset: 0, Length: 2, CustomEmojiID: "5368324170671202286"}}},
	{name: "upper-case tags", in: "<B>x</B>", text: "x", entities: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 1}}},
	{name: "empty end tag closes the innermost", in: "<b><i>x</></>", text: "x",
		entities: []models.MessageEntity{{Type: "italic", Offset: 0, Length: 1}, {Type: "bold", Offset: 0, Length: 1}}},
	{name: "empty tag makes no entity", in: "<b></b>x", text: "x"},

	{name: "unsupported tag", in: "<x>hi</x>", err: `Unsupported start tag "x" at byte offset 0`},
	{name: "br", in: "a<br/>b", err: `Unsupported start tag "br/" at byte offset 1`},
	{name: "bare less-than", in: "1 < 2", err: `Unsupported start tag "" at byte offset 2`},
	{name: "less-than at the end", in: "a <b", err: "Unclosed start tag at byte offset 2"},
	{name: "unclosed", in: "<b>مرحبا", err: `Can't find end tag corresponding to start tag "b"`},
	{name: "crossed", in: "<b><i>x</b></i>", err: `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
	{name: "stray end tag", in: "x</b>", err: "Unexpected end tag at byte offset 1"},
	{name: "span without class", in: "<span>x</span>", err: `Tag "span" must have class "tg-spoiler" at byte offset 0`},
	{name: "bad emoji id", in: `<tg-emoji emoji-id="abc">x</tg-emoji>`, err: "Invalid custom emoji identifier specified"},
	{name: "empty attribute name", in: `<a ="x">y</a>`, err: `Empty attribute name in the tag "a" at byte offset 0`},
	{name: "bad name token", in: `<a href=x"y">z</a>`, err: "Unexpected end of name token at byte offset 8"},
	{name: "surrogate entity", in: "&#xD800;", err: "Text contains invalid Unicode characters"},
	{name: "nested blockquote (stricter)", in: "<blockquote>a<blockquote>b</blockquote></blockquote>", err: "blockquote inside a blockquote at byte offset 13"},
	{name: "bare ampersand (stricter)", in: "Q&A", err: `unescaped "&" at byte offset 1`},
	{name: "unknown named entity (stricter)", in: "&nbsp;", err: `unescaped "&" at byte offset 0`},
}

func TestParseHTML(t *testing.T) {
	for _, tt := range parseHTMLTests {
		t.Run(tt.name, func(t *testing.T) {
			text, entities, err := parseHTML(tt.in)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("parseHTML(%q) error = %v, want one starting with %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseHTML(%q) error = %v", tt.in, err)
			}
			if text != tt.text {
				t.Errorf("parseHTML(%q) text = %q, want %q", tt.in, text, tt.text)
			}
			if !sameEntities(entities, tt.entities) {
				t.Errorf("parseHTML(%q) entities = %+v, want %+v", tt.in, entities, tt.entities)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		entities []models.MessageEntity
		want     string
		wantEnts []models.MessageEntity
		ok       bool
	}{
		{name: "trims spaces and newlines", in: " \n abc \n ", want: "abc", ok: true},
		{name: "keeps leading space of the first entity", in: "  x", entities: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 3}},
			want: "  x", wantEnts: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 3}}, ok: true},
		{name: "drops carriage returns, tabs become spaces", in: "a\r\nb\tc", want: "a\nb c", ok: true},
		{name: "moves entities past removed characters", in: "\u2028ab", entities: []models.MessageEntity{{Type: "bold", Offset: 1, Length: 2}},
			want: "ab", wantEnts: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 2}}, ok: true},
		{name: "cuts entities at the trimmed end", in: "ab  ", entities: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 4}},
			want: "ab", wantEnts: []models.MessageEntity{{Type: "bold", Offset: 0, Length: 2}}, ok: true},
		{name: "only spaces", in: " \n ", ok: false},
		{name: "only invisible characters", in: "\u200b\u200f\u00a0\ufeff", ok: false},
		{name: "arabic is visible", in: "ب", want: "ب", ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ents, ok := cleanText(tt.in, tt.entities)
			if ok != tt.ok {
				t.Fatalf("cleanText(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if !ok {
				return
			}
			if got != tt.want || !sameEntities(ents, tt.wantEnts) {
				t.Errorf("cleanText(%q) = %q %+v, want %q %+v", tt.in, got, ents, tt.want, tt.wantEnts)
			}
		})
	}
}

func TestFindEntities(t *testing.T) {
	tests := []struct {
		in   string
		want []models.MessageEntity
	}{
		{"/start", []models.MessageEntity{{Type: "bot_command", Offset: 0, Length: 6}}},
		{"سؤال 👋 /who@maqal_test_bot @alice_b", []models.MessageEntity{
			{Type: "bot_command", Offset: 8, Length: 19}, {Type: "mention", Offset: 28, Length: 8}}},
		{"كلمة/help", nil}, // a letter before the slash: not a command
		{"/who@ab", nil},   // a bot username needs 3 characters
		{"a/b/c", nil},     // paths are not commands
		{"@abc @abcd", []models.MessageEntity{{Type: "mention", Offset: 5, Length: 5}}},
		{"mail@example.com", nil}, // a letter before "@"
		{"(/help)", []models.MessageEntity{{Type: "bot_command", Offset: 1, Length: 5}}},
	}
	for _, tt := range tests {
		if got := findEntities(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("findEntities(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, tt := range parseHTMLTests {
		f.Add(tt.in)
	}
	f.Add("<b>x<i>y</i></b> &amp; <a href='https://t.me'>t</a> <pre><code class=\"language-go\">z</code></pre>")
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return // the server refuses such parameters before parsing
		}
		text, entities, err := parseHTML(in)
		if err != nil {
			return
		}
		n := utf16Len(text)
		for _, e := range entities {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				t.Fatalf("parseHTML(%q): entity %+v outside text of %d units", in, e, n)
			}
		}
		cleaned, entities, ok := cleanText(text, entities)
		if !ok {
			return
		}
		n = utf16Len(cleaned)
		for _, e := range entities {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				t.Fatalf("cleanText(%q): entity %+v outside text of %d units", text, e, n)
			}
		}
	})
}

func BenchmarkParseHTML(b *testing.B) {
	in := strings.Repeat("<b>الجواب</b>\n<blockquote expandable>إِنَّا أَنزَلْنَاهُ فِي لَيْلَةِ الْقَدْرِ</blockquote>\n"+
		`<a href="https://example.com/?a=1&amp;b=2">المصدر</a> &lt;1&gt; 😀`+"\n", 40)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		text, entities, err := parseHTML(in)
		if err != nil {
			b.Fatal(err)
		}
		cleanText(text, entities)
	}
}
