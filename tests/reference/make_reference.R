# Independent reference values for likertpipe's statistics, computed with base R (package stats only).
#
# Run from the repository root:  Rscript tests/reference/make_reference.R
# Reads  tests/reference/data/{ties3,empty_level,heavy}.csv  (raw survey codes, see make_datasets.py),
# writes tests/reference/data/airquality.csv (R's datasets::airquality, columns Ozone and Month) and
#        tests/reference/r_reference.csv (long format, one value per row, 17 significant digits).
#
# Coding of the raw data, done here and independently of likertpipe:
#   items q*:  1-5 are answers; 6 = don't know -> NA; empty -> NA
#   group:     1-5 are levels;  9 = declared missing -> NA; empty -> NA
#   x:         numeric covariate; empty -> NA
#
# Output columns: dataset, test, var1, var2, level, statistic, value
#   test = kruskal_wallis: var1 = item, var2 = factor; statistic H, df, p, n (complete cases), k (levels present)
#   test = mean_rank:      var1 = item, var2 = factor, level = factor level; statistic n, mean_rank
#                          (midranks over the complete cases of the item x factor pair)
#   test = spearman:       var1, var2 = item x item or item x covariate; statistic rho, p, n (complete pairs);
#                          cor.test(method = "spearman", exact = FALSE)
#   test = descriptives:   var1 = item; statistic n_valid, n_missing, n_dont_know, mean, median, sd (n - 1)

DIR <- file.path("tests", "reference")
DATA <- file.path(DIR, "data")
DONT_KNOW <- 6
FACTOR_MISSING <- 9
DATASETS <- c("ties3", "empty_level", "heavy")

stopifnot(dir.exists(DATA))

num <- function(x) sprintf("%.17g", x)

rows <- list()
add <- function(dataset, test, var1, var2, level, statistic, value) {
  rows[[length(rows) + 1]] <<- data.frame(
    dataset = dataset, test = test, var1 = var1, var2 = var2, level = as.character(level),
    statistic = statistic, value = num(value), stringsAsFactors = FALSE
  )
}

kruskal <- function(dataset, value, group, var1, var2) {
  ok <- complete.cases(value, group)
  v <- value[ok]
  g <- factor(group[ok])  # levels nobody answered are dropped, as kruskal.test itself does
  kt <- kruskal.test(v ~ g)
  add(dataset, "kruskal_wallis", var1, var2, "", "H", unname(kt$statistic))
  add(dataset, "kruskal_wallis", var1, var2, "", "df", unname(kt$parameter))
  add(dataset, "kruskal_wallis", var1, var2, "", "p", kt$p.value)
  add(dataset, "kruskal_wallis", var1, var2, "", "n", length(v))
  add(dataset, "kruskal_wallis", var1, var2, "", "k", nlevels(g))
  r <- rank(v)  # midranks for ties
  means <- tapply(r, g, mean)
  counts <- tapply(r, g, length)
  for (lv in levels(g)) {
    add(dataset, "mean_rank", var1, var2, lv, "n", counts[[lv]])
    add(dataset, "mean_rank", var1, var2, lv, "mean_rank", means[[lv]])
  }
}

spearman <- function(dataset, x, y, var1, var2) {
  ok <- complete.cases(x, y)  # pairwise deletion
  ct <- cor.test(x[ok], y[ok], method = "spearman", exact = FALSE)
  add(dataset, "spearman", var1, var2, "", "rho", unname(ct$estimate))
  add(dataset, "spearman", var1, var2, "", "p", ct$p.value)
  add(dataset, "spearman", var1, var2, "", "n", sum(ok))
}

for (dataset in DATASETS) {
  raw <- read.csv(file.path(DATA, paste0(dataset, ".csv")), na.strings = "", stringsAsFactors = FALSE)
  items <- grep("^q[0-9]+$", names(raw), value = TRUE)
  group <- ifelse(raw$group == FACTOR_MISSING, NA, raw$group)
  valid <- lapply(raw[items], function(q) ifelse(q == DONT_KNOW, NA, q))

  for (item in items) {
    v <- valid[[item]][!is.na(valid[[item]])]
    add(dataset, "descriptives", item, "", "", "n_valid", length(v))
    add(dataset, "descriptives", item, "", "", "n_missing", nrow(raw) - length(v))
    add(dataset, "descriptives", item, "", "", "n_dont_know", sum(raw[[item]] == DONT_KNOW, na.rm = TRUE))
    add(dataset, "descriptives", item, "", "", "mean", mean(v))
    add(dataset, "descriptives", item, "", "", "median", median(v))
    add(dataset, "descriptives", item, "", "", "sd", sd(v))
  }
  for (item in items) kruskal(dataset, valid[[item]], group, item, "group")
  for (pair in combn(items, 2, simplify = FALSE)) {
    spearman(dataset, valid[[pair[1]]], valid[[pair[2]]], pair[1], pair[2])
  }
  for (item in items) spearman(dataset, valid[[item]], raw$x, item, "x")
}

# R's documented example (?kruskal.test): H = 29.26657631, df = 4, p = 6.900714119e-06.
air <- datasets::airquality[, c("Ozone", "Month")]
write.table(air, file.path(DATA, "airquality.csv"), sep = ",", row.names = FALSE, quote = FALSE, na = "",
            eol = "\n")
kt <- kruskal.test(Ozone ~ Month, data = airquality)
stopifnot(abs(kt$statistic - 29.26657631) < 1e-8, kt$parameter == 4, abs(kt$p.value - 6.900714119e-06) < 1e-14)
kruskal("airquality", air$Ozone, air$Month, "Ozone", "Month")

out <- do.call(rbind, rows)
write.table(out, file.path(DIR, "r_reference.csv"), sep = ",", row.names = FALSE, quote = FALSE, na = "",
            eol = "\n", fileEncoding = "UTF-8")
cat(sprintf("%s: wrote %d values (%s)\n", file.path(DIR, "r_reference.csv"), nrow(out), R.version.string))
