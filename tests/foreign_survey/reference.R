# Independent reference values for the foreign survey (tests/test_foreign_survey.py), with base R only.
#
# Run from the repository root:  Rscript tests/foreign_survey/reference.R
# Reads tests/foreign_survey/survey.csv, writes tests/foreign_survey/reference.csv
# (columns test, item, factor, level, statistic, value; 17 significant digits; NaN for missing).
#
# Coding, done here independently of likertpipe: s1-s4 1-7 are answers, empty is missing (no don't-know
# code); gender "Frau" = 1, "Mann" = 2, "Keine Angabe" and empty are missing; education 1-5, 9 and empty
# are missing.
#   descriptives: n_valid, n_missing, mean, median, sd (n - 1), q1, q3 (quantile type 6), mode (smallest most
#                 frequent), agree_percent (6-7, of valid), agree_ci_low/high (prop.test(correct = FALSE),
#                 percent), disagree_percent (1-2), n_dont_know and dont_know_percent (0: no such code)
#   kruskal:      kruskal.test(item ~ factor) on complete cases: n, k, H, df, p, epsilon_sq = H / (n - 1);
#                 per level: n, mean_rank (rank() midranks over the complete cases)
#   sample:       the sample table by education: gender's level counts overall and per education level, with
#                 chisq.test(correct = FALSE) of gender x education (statistic, df, p) and Cramér's V; age's n,
#                 mean, sd overall and per education level, with kruskal.test(age ~ education)

DIR <- file.path("tests", "foreign_survey")
raw <- read.csv(file.path(DIR, "survey.csv"), colClasses = "character")
ITEMS <- c("s1", "s2", "s3", "s4")
item <- function(x) { v <- suppressWarnings(as.numeric(x)); v[!(v %in% 1:7)] <- NA; v }
d <- data.frame(gender = c(Frau = 1, Mann = 2)[raw$gender],
                education = ifelse(raw$education %in% as.character(1:5), as.numeric(raw$education), NA),
                age = suppressWarnings(as.numeric(raw$age)))
for (s in ITEMS) d[[s]] <- item(raw[[s]])

out <- list()
put <- function(test, item, factor, level, statistic, value) {
  out[[length(out) + 1]] <<- data.frame(test = test, item = item, factor = factor, level = level,
                                        statistic = statistic,
                                        value = ifelse(is.na(value), "NaN", sprintf("%.17g", value)))
}
for (s in ITEMS) {
  v <- d[[s]][!is.na(d[[s]])]
  n <- length(v)
  q <- quantile(v, c(0.25, 0.75), type = 6, names = FALSE)
  agree <- sum(v >= 6)
  ci <- prop.test(agree, n, correct = FALSE)$conf.int
  stats <- c(n_valid = n, n_missing = nrow(d) - n, n_dont_know = 0, mean = mean(v), median = median(v),
             sd = sd(v), q1 = q[1], q3 = q[2], mode = as.numeric(names(which.max(table(v)))),
             agree_percent = 100 * agree / n, agree_ci_low = 100 * ci[1], agree_ci_high = 100 * ci[2],
             disagree_percent = 100 * sum(v <= 2) / n, dont_know_percent = 0)
  for (name in names(stats)) put("descriptives", s, "", "", name, stats[[name]])
  for (f in c("gender", "education")) {
    keep <- !is.na(d[[s]]) & !is.na(d[[f]])
    x <- d[[s]][keep]
    g <- d[[f]][keep]
    test <- kruskal.test(x, factor(g))
    n <- length(x)
    stats <- c(n = n, k = length(unique(g)), H = unname(test$statistic), df = unname(test$parameter),
               p = test$p.value, epsilon_sq = unname(test$statistic) / (n - 1))
    for (name in names(stats)) put("kruskal", s, f, "", name, stats[[name]])
    r <- rank(x)
    for (level in sort(unique(g))) {
      put("kruskal", s, f, level, "n", sum(g == level))
      put("kruskal", s, f, level, "mean_rank", mean(r[g == level]))
    }
  }
}
for (level in c(1, 2)) put("sample", "gender", "", level, "n", sum(d$gender == level, na.rm = TRUE))
for (e in 1:5) for (level in c(1, 2))
  put("sample", "gender", e, level, "n", sum(d$gender == level & d$education == e, na.rm = TRUE))
crossed <- table(d$gender, d$education)
chi <- suppressWarnings(chisq.test(crossed, correct = FALSE))
put("sample", "gender", "", "", "statistic", unname(chi$statistic))
put("sample", "gender", "", "", "df", unname(chi$parameter))
put("sample", "gender", "", "", "p", chi$p.value)
put("sample", "gender", "", "", "cramers_v", sqrt(unname(chi$statistic) / (sum(crossed) * (min(dim(crossed)) - 1))))
ages <- d$age[!is.na(d$age)]
put("sample", "age", "", "", "n", length(ages))
put("sample", "age", "", "", "mean", mean(ages))
put("sample", "age", "", "", "sd", sd(ages))
for (e in 1:5) {
  v <- d$age[!is.na(d$age) & !is.na(d$education) & d$education == e]
  put("sample", "age", e, "", "n", length(v))
  put("sample", "age", e, "", "mean", mean(v))
}
keep <- !is.na(d$age) & !is.na(d$education)
kw <- kruskal.test(d$age[keep], factor(d$education[keep]))
put("sample", "age", "", "", "statistic", unname(kw$statistic))
put("sample", "age", "", "", "p", kw$p.value)
write.csv(do.call(rbind, out), file.path(DIR, "reference.csv"), row.names = FALSE, quote = FALSE)
