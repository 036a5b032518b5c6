package bot

// CheckHTML is checkHTML for the tests of package bot_test.
var CheckHTML = checkHTML
