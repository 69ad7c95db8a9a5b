# Independent reference values for likertpipe.waves, computed with base R (stats) and coin (wilcox_test z).
#
# Run from the repository root:  Rscript tests/reference/waves_reference.R
# Reads  tests/reference/waves_data.csv (raw codes, written by waves_data.py),
# writes tests/reference/waves_reference.csv (long format, 17 significant digits, NaN for missing).
#
# Coding, done here independently of likertpipe:
#   q1-q3: 1-5 are answers; 6 = don't know, 9 = not applicable and empty cells are missing
#   index idx: mean of q1, q2 and (6 - q3) over the answered ones, given when at least 2 are answered
#   wave 1-3, group 1-3; groups are compared within each wave, waves 1 (first) and 3 (last) within each group
#
# Columns: test, variable, factor, group, wave, statistic, value (factor and group empty for all respondents)
#   descriptives: per wave (and group x wave) and item: n_valid, n_missing (respondents - n_valid), n_dont_know,
#                 mean, median, sd (n - 1)
#   index:        per wave (and group x wave): n, mean, sd, ci_low, ci_high (t.test(x)$conf.int, n >= 2)
#   kruskal:      per wave, item or index by group: n, k (groups with answers), H, df, p (kruskal.test)
#   change:       per group (and all respondents), wave 3 against wave 1: n_first, n_last, median_first,
#                 median_last, mean_first, mean_last, U (W of wilcox.test(last, first, exact = FALSE,
#                 correct = FALSE)), p (its p.value), z (coin::wilcox_test(distribution = "asymptotic"),
#                 last against first), r = |z| / sqrt(N), rank_biserial = 2U / (n_first n_last) - 1,
#                 p_coin (coin's p, a second check)

suppressPackageStartupMessages(library(coin))
DIR <- file.path("tests", "reference")
raw <- read.csv(file.path(DIR, "waves_data.csv"), colClasses = "character")
ITEMS <- c("q1", "q2", "q3")
FIRST <- 1
LAST <- 3
valid <- function(x) { v <- suppressWarnings(as.numeric(x)); v[!(v %in% 1:5)] <- NA; v }
d <- data.frame(wave = as.integer(raw$wave), group = as.integer(raw$group))
for (item in ITEMS) d[[item]] <- valid(raw[[item]])
recoded <- cbind(d$q1, d$q2, 6 - d$q3)
answered <- rowSums(!is.na(recoded))
d$idx <- ifelse(answered >= 2, rowMeans(recoded, na.rm = TRUE), NA)

out <- list()
put <- function(test, variable, factor, group, wave, statistic, value) {
  out[[length(out) + 1]] <<- data.frame(test = test, variable = variable, factor = factor, group = group,
                                        wave = wave, statistic = statistic,
                                        value = ifelse(is.na(value), "NaN", sprintf("%.17g", value)))
}
subsets <- list(list(factor = "", group = "", rows = rep(TRUE, nrow(d))))
for (g in 1:3) subsets[[length(subsets) + 1]] <- list(factor = "group", group = as.character(g), rows = d$group == g)

for (s in subsets) for (w in 1:3) {
  rows <- s$rows & d$wave == w
  for (item in ITEMS) {
    x <- d[[item]][rows]
    v <- x[!is.na(x)]
    dk <- sum(raw[[item]][rows] == "6")
    stats <- c(n_valid = length(v), n_missing = sum(rows) - length(v), n_dont_know = dk,
               mean = if (length(v)) mean(v) else NA, median = if (length(v)) median(v) else NA,
               sd = if (length(v) > 1) sd(v) else NA)
    for (name in names(stats)) put("descriptives", item, s$factor, s$group, w, name, stats[[name]])
  }
  v <- d$idx[rows]
  v <- v[!is.na(v)]
  ci <- if (length(v) > 1) t.test(v)$conf.int else c(NA, NA)
  stats <- c(n = length(v), mean = if (length(v)) mean(v) else NA, sd = if (length(v) > 1) sd(v) else NA,
             ci_low = ci[1], ci_high = ci[2])
  for (name in names(stats)) put("index", "idx", s$factor, s$group, w, name, stats[[name]])
}

for (w in 1:3) for (variable in c(ITEMS, "idx")) {
  rows <- d$wave == w & !is.na(d[[variable]]) & !is.na(d$group)
  x <- d[[variable]][rows]
  g <- factor(d$group[rows])
  test <- kruskal.test(x, g)
  stats <- c(n = length(x), k = nlevels(g), H = unname(test$statistic), df = unname(test$parameter),
             p = test$p.value)
  for (name in names(stats)) put("kruskal", variable, "group", "", w, name, stats[[name]])
}

for (s in subsets) for (variable in c(ITEMS, "idx")) {
  first <- d[[variable]][s$rows & d$wave == FIRST]
  last <- d[[variable]][s$rows & d$wave == LAST]
  first <- first[!is.na(first)]
  last <- last[!is.na(last)]
  stats <- c(n_first = length(first), n_last = length(last))
  if (length(first) && length(last)) {
    test <- wilcox.test(last, first, exact = FALSE, correct = FALSE)
    both <- data.frame(y = c(last, first), w = factor(rep(c("last", "first"), c(length(last), length(first))),
                                                      levels = c("last", "first")))
    z <- statistic(wilcox_test(y ~ w, data = both, distribution = "asymptotic"))
    u <- unname(test$statistic)
    stats <- c(stats, median_first = median(first), median_last = median(last), mean_first = mean(first),
               mean_last = mean(last), U = u, p = test$p.value, z = unname(z),
               r = abs(unname(z)) / sqrt(length(first) + length(last)),
               rank_biserial = 2 * u / (length(first) * length(last)) - 1,
               p_coin = pvalue(wilcox_test(y ~ w, data = both, distribution = "asymptotic")))
  }
  for (name in names(stats)) put("change", variable, s$factor, s$group, "", name, stats[[name]])
}

write.csv(do.call(rbind, out), file.path(DIR, "waves_reference.csv"), row.names = FALSE, quote = FALSE)
