//go:build race

package bot_test

// raceDetector is set when the tests run with -race, which slows them
// several times: load tests then send fewer questions.
const raceDetector = true
