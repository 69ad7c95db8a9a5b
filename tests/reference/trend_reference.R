# Independent reference values for likertpipe.trend (Jonckheere-Terpstra), in base R.
#
# Run from the repository root:  Rscript tests/reference/trend_reference.R
# Reads data_raw/kommunalsjef/demo_export.csv (items E1-E6: 1-5 answers, 6 and empty missing; ledererfaring
# 1-3) and tests/reference/models_data.csv (y by f for datasets po, gap and empty_level, where f has levels 1
# and 3 only); writes tests/reference/trend_reference.csv: dataset, item, factor, statistic, value.
#
# Two implementations that share no code with likertpipe:
#   J, expected, variance, z, p: J counted over every pair of respondents in different groups (the lower
#     group's answer below the higher group's: 1, equal: 1/2), E and Var(J) with ties by Hollander & Wolfe
#     (1999) eq. 6.19 written out from the book, z = (J - E) / sqrt(Var), p = 2 pnorm(-|z|);
#   kendall_z, kendall_p, tau_b: cor.test(answer, group, method = "kendall", exact = FALSE,
#     continuity = FALSE), whose z (tie-corrected in both variables) equals the Jonckheere-Terpstra z.

DIR <- file.path("tests", "reference")
out <- list()
put <- function(dataset, item, factor, statistic, value) {
  out[[length(out) + 1]] <<- data.frame(dataset = dataset, item = item, factor = factor, statistic = statistic,
                                        value = ifelse(is.na(value), "NaN", sprintf("%.17g", value)))
}

jt <- function(x, g) {
  n <- length(x)
  J <- 0
  for (a in seq_len(n)) for (b in seq_len(n)) if (g[a] < g[b]) J <- J + (x[a] < x[b]) + 0.5 * (x[a] == x[b])
  ni <- as.numeric(table(g))
  tj <- as.numeric(table(x))
  E <- (n^2 - sum(ni^2)) / 4
  V <- (n * (n - 1) * (2 * n + 5) - sum(ni * (ni - 1) * (2 * ni + 5)) - sum(tj * (tj - 1) * (2 * tj + 5))) / 72 +
    sum(ni * (ni - 1) * (ni - 2)) * sum(tj * (tj - 1) * (tj - 2)) / (36 * n * (n - 1) * (n - 2)) +
    sum(ni * (ni - 1)) * sum(tj * (tj - 1)) / (8 * n * (n - 1))
  z <- (J - E) / sqrt(V)
  c(n = n, k = length(ni), J = J, expected = E, variance = V, z = z, p = 2 * pnorm(-abs(z)))
}

record <- function(dataset, item, factor, x, g) {
  keep <- !is.na(x) & !is.na(g)
  x <- x[keep]; g <- g[keep]
  stats <- jt(x, g)
  for (name in names(stats)) put(dataset, item, factor, name, stats[[name]])
  k <- cor.test(x, g, method = "kendall", exact = FALSE, continuity = FALSE)
  put(dataset, item, factor, "kendall_z", unname(k$statistic))
  put(dataset, item, factor, "kendall_p", k$p.value)
  put(dataset, item, factor, "tau_b", unname(k$estimate))
}

raw <- read.csv(file.path("data_raw", "kommunalsjef", "demo_export.csv"), colClasses = "character")
valid <- function(x, codes) { v <- suppressWarnings(as.numeric(x)); v[!(v %in% codes)] <- NA; v }
for (item in paste0("E", 1:6)) {
  record("kommunalsjef", item, "ledererfaring", valid(raw[[item]], 1:5), valid(raw$ledererfaring, 1:3))
}
generated <- read.csv(file.path(DIR, "models_data.csv"))
for (name in c("po", "gap", "empty_level")) {
  d <- generated[generated$dataset == name, ]
  record(name, "y", "f", d$y, d$f)
}
write.csv(do.call(rbind, out), file.path(DIR, "trend_reference.csv"), row.names = FALSE, quote = FALSE)
