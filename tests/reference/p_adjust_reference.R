# Reference values for likertpipe.multiplicity.adjust, computed with base R's p.adjust.
#
# Run from the repository root:  Rscript tests/reference/p_adjust_reference.R
# Writes tests/reference/p_adjust_reference.csv: one row per member of each p-value vector,
#   vector (id), length (of the vector, NA included), member (1-based position), p (input; NaN = NA),
#   holm, BH, bonferroni (p.adjust(p, method)), 17 significant digits (doubles round-trip exactly).
#
# Vectors (R's own generator, set.seed below, so the file does not depend on numpy): every length 1-20, and
# lengths 25, 30, 40, 50, 64, 75, 100, 128, 150, 199, 200; p = runif^k with k in 1-6 (many small p), a quarter
# of the members copied from others (ties), some vectors rounded to 2 decimals (many ties), exact 0 and 1 in
# some, NA (a test not run) in some; p.adjust leaves NA out of the family (n = the non-missing p) and returns
# NA there. Plus hand vectors: all NA, all equal, all 0, all 1, a single NA with one p.

set.seed(20240614)
num <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))

random_vector <- function(len) {
  p <- runif(len)^sample(1:6, 1)
  if (len > 1) {
    copies <- sample(len, max(1, len %/% 4), replace = TRUE)
    p[copies] <- p[sample(len, length(copies), replace = TRUE)]
  }
  if (runif(1) < 0.3) p <- round(p, 2)
  if (runif(1) < 0.3) p[sample(len, 1)] <- 0
  if (runif(1) < 0.3) p[sample(len, 1)] <- 1
  if (runif(1) < 0.4) p[sample(len, max(1, len %/% 10))] <- NA
  p
}

lengths <- c(1:20, 25, 30, 40, 50, 64, 75, 100, 128, 150, 199, 200)
vectors <- lapply(lengths, random_vector)
vectors <- c(vectors, list(c(NA, NA, NA), rep(0.03, 5), rep(0, 4), rep(1, 3), c(NA, 0.04),
                           c(0.01, 0.04, 0.03, 0.005), c(0.02, 0.02, 0.5, 1)))

rows <- do.call(rbind, lapply(seq_along(vectors), function(v) {
  p <- vectors[[v]]
  data.frame(vector = v, length = length(p), member = seq_along(p), p = num(p),
             holm = num(p.adjust(p, "holm")), BH = num(p.adjust(p, "BH")),
             bonferroni = num(p.adjust(p, "bonferroni")))
}))
out <- file.path("tests", "reference", "p_adjust_reference.csv")
write.csv(rows, out, row.names = FALSE, quote = FALSE)
cat(sprintf("%s: %d vectors, %d p-values (%s)\n", out, length(vectors), nrow(rows), R.version.string))
