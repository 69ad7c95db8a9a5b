# Reference values for likertpipe.describe.wilson_interval (the Wilson score interval of a proportion, without
# continuity correction), computed with base R's prop.test.
#
# Run from the repository root:  Rscript tests/reference/wilson_reference.R
# Writes tests/reference/wilson_reference.csv: k (successes), n, level (conf.level), low, high =
#   prop.test(k, n, correct = FALSE, conf.level = level)$conf.int, 17 significant digits.
#
# Every k = 0..n for n = 1..30, and k in 0, 1, n/3, n/2, n - 1, n for larger n (up to 10^6), at levels 0.95
# (the pipeline's), 0.90 and 0.99. prop.test gives exactly 0 (1) for the lower (upper) limit at k = 0 (k = n).
# Its chi-squared warning for small n is about the test, not the interval, and is silenced.

num <- function(x) sprintf("%.17g", x)
grid <- do.call(rbind, lapply(1:30, function(n) data.frame(k = 0:n, n = n)))
for (n in c(50, 100, 123, 275, 1000, 12345, 1e6)) {
  grid <- rbind(grid, data.frame(k = unique(c(0, 1, n %/% 3, n %/% 2, n - 1, n)), n = n))
}
rows <- do.call(rbind, lapply(c(0.95, 0.90, 0.99), function(level) {
  ci <- t(mapply(function(k, n) suppressWarnings(prop.test(k, n, correct = FALSE, conf.level = level)$conf.int),
                 grid$k, grid$n))
  data.frame(k = grid$k, n = grid$n, level = sprintf("%.2f", level), low = num(ci[, 1]), high = num(ci[, 2]))
}))
out <- file.path("tests", "reference", "wilson_reference.csv")
write.csv(rows, out, row.names = FALSE, quote = FALSE)
cat(sprintf("%s: %d intervals (%s)\n", out, nrow(rows), R.version.string))
