# Reference values for likertpipe.categorical and the yes/no rows of likertpipe.crosstabs, computed with base R.
#
# Run from the repository root:  Rscript tests/reference/categorical_reference.R
# Reads tests/reference/categorical_data.csv (written by categorical_data.py: dataset, x, g; empty = NA) and
# writes tests/reference/categorical_reference.csv: dataset, statistic, group, value (17 significant digits).
#
# Per dataset, over the respondents with both x and g (table() leaves NA out), levels nobody chose dropped
# (table() of the codes present, as likertpipe drops empty rows and columns):
#   chisq.test(t, correct = FALSE): statistic, parameter (df), p.value; a warning about small expected
#     counts is expected and silenced;
#   fisher.test(t, workspace = 2e7)$p.value (r x c by FEXACT, 2 x 2 by the hypergeometric);
#   cramers_v = sqrt(X^2 / (n (min(dim(t)) - 1))); n = sum(t);
#   min_expected and the share of expected counts below 5 (Cochran's rule);
#   per group (g code, `group`): prop.test(k, n, correct = FALSE)$conf.int of x = 1 among the group's x
#     (the Wilson interval), k and n.

num <- function(x) sprintf("%.17g", x)
d <- read.csv(file.path("tests", "reference", "categorical_data.csv"), na.strings = "", colClasses = "character")
d$x <- as.integer(d$x)
d$g <- as.integer(d$g)
out <- list()
add <- function(dataset, statistic, value, group = "") {
  out[[length(out) + 1]] <<- data.frame(dataset = dataset, statistic = statistic, group = group, value = num(value))
}
for (name in unique(d$dataset)) {
  s <- d[d$dataset == name, ]
  t <- table(s$x, s$g)
  t <- t[rowSums(t) > 0, colSums(t) > 0, drop = FALSE]
  if (min(dim(t)) < 2) stop(sprintf("dataset %s: fewer than two levels present", name))
  chi <- suppressWarnings(chisq.test(t, correct = FALSE))
  n <- sum(t)
  add(name, "n", n)
  add(name, "chi_square", unname(chi$statistic))
  add(name, "df", unname(chi$parameter))
  add(name, "p_chi_square", chi$p.value)
  add(name, "p_fisher", fisher.test(t, workspace = 2e7)$p.value)
  add(name, "cramers_v", sqrt(unname(chi$statistic) / (n * (min(dim(t)) - 1))))
  add(name, "min_expected", min(chi$expected))
  add(name, "share_expected_below_5", mean(chi$expected < 5))
  for (g in sort(unique(s$g[!is.na(s$g)]))) {
    x <- s$x[!is.na(s$g) & s$g == g & !is.na(s$x)]
    k <- sum(x == 1)
    ci <- suppressWarnings(prop.test(k, length(x), correct = FALSE)$conf.int)
    add(name, "k", k, g)
    add(name, "n_group", length(x), g)
    add(name, "wilson_low", ci[1], g)
    add(name, "wilson_high", ci[2], g)
  }
}
rows <- do.call(rbind, out)
path <- file.path("tests", "reference", "categorical_reference.csv")
write.csv(rows, path, row.names = FALSE, quote = FALSE)
cat(sprintf("%s: %d values (%s)\n", path, nrow(rows), R.version.string))
