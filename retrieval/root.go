package retrieval

// Root extraction after the ISRI stemmer (Taghva, Elkhoury and Coombs,
// "Arabic Stemming without a Root Dictionary", 2005, as NLTK implements
// it), adapted to this package's normal form: ة is ه, ئ is ي, and the
// hamza forms of alef are ا.
//
// Light stems keep a word's pattern: يدير and إدارة, يستمر and استمرار,
// يحمي and حماية share no light stem. Their roots (دير/دار, مرر, حمي) do,
// so the root is indexed as a weak extra term. Roots over-conflate (كتب,
// كاتب, مكتب), which is why they weigh less than a shared light stem.

var (
	isriP3 = []string{"كال", "بال", "ولل", "وال"}
	isriP2 = []string{"ال", "لل"}
	isriP1 = []string{"ل", "ب", "ف", "س", "و", "ي", "ت", "ن", "ا"}
	isriS3 = []string{"تمل", "همل", "تان", "تين", "كمل"}
	isriS2 = []string{"ون", "ات", "ان", "ين", "تن", "كم", "هن", "نا", "يا", "ها", "تم", "كن", "ني", "وا", "ما", "هم"}
	isriS1 = []string{"ه", "ي", "ك", "ت", "ا", "ن"}
)

// root returns the ISRI root of a normalized Arabic word (a word of three
// letters is its own root), or "" when the word is shorter or not Arabic.
func root(norm string) string {
	w := []rune(norm)
	if len(w) < 3 || !isArabicWord(w) {
		return ""
	}
	w = isriPre32(w)
	w = isriSuf32(w)
	if len(w) >= 4 && w[0] == 'و' && w[1] == 'و' {
		w = w[1:]
	}
	switch len(w) {
	case 4:
		w = isriW4(w)
	case 5:
		w = isriEndW5(isriW53(w))
	case 6:
		w = isriEndW6(isriW6(w))
	case 7:
		w = isriSuf1(w)
		if len(w) == 7 {
			w = isriPre1(w)
		}
		if len(w) == 6 {
			w = isriEndW6(isriW6(w))
		}
	}
	if len(w) < 3 {
		return ""
	}
	// A weak last radical is written ا, و or ي depending on the form
	// (شكا, اشتكى, شكوى): fold it.
	if in(w[len(w)-1], "اوي") {
		w = append(w[:len(w)-1:len(w)-1], 'ي')
	}
	return string(w)
}

func isriPre32(w []rune) []rune {
	if len(w) >= 6 {
		for _, p := range isriP3 {
			if hasPrefix(w, p) {
				return w[3:]
			}
		}
	}
	if len(w) >= 5 {
		for _, p := range isriP2 {
			if hasPrefix(w, p) {
				return w[2:]
			}
		}
	}
	return w
}

func isriSuf32(w []rune) []rune {
	if len(w) >= 6 {
		for _, s := range isriS3 {
			if hasSuffix(w, s) {
				return w[:len(w)-3]
			}
		}
	}
	if len(w) >= 5 {
		for _, s := range isriS2 {
			if hasSuffix(w, s) {
				return w[:len(w)-2]
			}
		}
	}
	return w
}

func isriSuf1(w []rune) []rune {
	for _, s := range isriS1 {
		if hasSuffix(w, s) {
			return w[:len(w)-1]
		}
	}
	return w
}

func isriPre1(w []rune) []rune {
	for _, p := range isriP1 {
		if hasPrefix(w, p) {
			return w[1:]
		}
	}
	return w
}

func in(r rune, set string) bool {
	for _, s := range set {
		if r == s {
			return true
		}
	}
	return false
}

func cat(parts ...[]rune) []rune {
	var out []rune
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// isriW4 reduces a four-letter word to a three-letter root.
func isriW4(w []rune) []rune {
	switch {
	case w[0] == 'م': // مفعل
		return w[1:]
	case w[1] == 'ا': // فاعل
		return cat(w[:1], w[2:])
	case in(w[2], "اوي"): // فعال فعول فعيل
		return cat(w[:2], w[3:4])
	case w[3] == 'ه': // فعلة
		return w[:3]
	}
	w = isriSuf1(w)
	if len(w) == 4 {
		w = isriPre1(w)
	}
	return w
}

// isriW53 reduces a five-letter word to a three-letter root.
func isriW53(w []rune) []rune {
	switch {
	case in(w[2], "ات") && w[0] == 'ا': // افتعل افاعل
		return cat(w[1:2], w[3:])
	case in(w[3], "ايو") && w[0] == 'م': // مفعول مفعال مفعيل
		return cat(w[1:3], w[4:5])
	case in(w[0], "اتم") && w[4] == 'ه': // مفعلة تفعلة افعلة
		return w[1:4]
	case in(w[0], "ميت") && w[2] == 'ت': // مفتعل يفتعل تفتعل
		return cat(w[1:2], w[3:])
	case in(w[0], "مت") && w[2] == 'ا': // مفاعل تفاعل
		return cat(w[1:2], w[3:])
	case in(w[2], "او") && w[4] == 'ه': // فعولة فعالة
		return cat(w[:2], w[3:4])
	case in(w[0], "ام") && w[1] == 'ن': // انفعل منفعل
		return w[2:]
	case w[3] == 'ا' && w[0] == 'ا': // افعال
		return cat(w[1:3], w[4:5])
	case w[4] == 'ن' && w[3] == 'ا': // فعلان
		return w[:3]
	case w[3] == 'ي' && w[0] == 'ت': // تفعيل
		return cat(w[1:3], w[4:5])
	case w[3] == 'و' && w[1] == 'ا': // فاعول
		return cat(w[0:1], w[2:3], w[4:5])
	case w[2] == 'ا' && w[1] == 'و': // فواعل
		return cat(w[0:1], w[3:])
	case w[3] == 'ي' && w[2] == 'ا': // فعائل (ئ is ي here)
		return cat(w[:2], w[4:5])
	case w[4] == 'ه' && w[1] == 'ا': // فاعلة
		return cat(w[0:1], w[2:4])
	case w[4] == 'ي' && w[2] == 'ا': // فعالي
		return cat(w[:2], w[3:4])
	}
	w = isriSuf1(w)
	if len(w) == 5 {
		w = isriPre1(w)
	}
	return w
}

// isriW54 reduces a five-letter word to a four-letter root.
func isriW54(w []rune) []rune {
	switch {
	case in(w[0], "اتم"): // تفعلل افعلل مفعلل
		return w[1:]
	case w[4] == 'ه': // فعللة
		return w[:4]
	case w[2] == 'ا': // فعالل
		return cat(w[:2], w[3:])
	}
	return w
}

func isriEndW5(w []rune) []rune {
	switch len(w) {
	case 4:
		return isriW4(w)
	case 5:
		return isriW54(w)
	}
	return w
}

// isriW6 reduces a six-letter word to a three-letter root.
func isriW6(w []rune) []rune {
	switch {
	case hasPrefix(w, "است") || hasPrefix(w, "مست"): // استفعل مستفعل
		return w[3:]
	case w[0] == 'م' && w[3] == 'ا' && w[5] == 'ه': // مفعالة
		return cat(w[1:3], w[4:5])
	case w[0] == 'ا' && w[2] == 'ت' && w[4] == 'ا': // افتعال
		return cat(w[1:2], w[3:4], w[5:6])
	case w[0] == 'ا' && w[3] == 'و' && w[2] == w[4]: // افعوعل
		return cat(w[1:2], w[4:])
	case w[0] == 'ت' && w[2] == 'ا' && w[4] == 'ي': // تفاعيل
		return cat(w[1:2], w[3:4], w[5:6])
	}
	w = isriSuf1(w)
	if len(w) == 6 {
		w = isriPre1(w)
	}
	return w
}

// isriW64 reduces a six-letter word to a four-letter root.
func isriW64(w []rune) []rune {
	switch {
	case w[0] == 'ا' && w[4] == 'ا': // افعلال
		return cat(w[1:4], w[5:6])
	case hasPrefix(w, "مت"): // متفعلل
		return w[2:]
	}
	return w
}

func isriEndW6(w []rune) []rune {
	switch len(w) {
	case 5:
		return isriEndW5(isriW53(w))
	case 6:
		return isriW64(w)
	}
	return w
}
