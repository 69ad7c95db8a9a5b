# Independent reference values for likertpipe's statistics, computed with R: base R (stats, datasets), and
# rstatix (dunn_test, kruskal_effsize) and psych (alpha) for the statistics base R lacks.
#
# Run from the repository root:  Rscript tests/reference/make_reference.R
# Reads  tests/reference/data/{ties3,empty_level,heavy,scale}.csv  (raw survey codes, see make_datasets.py) and
#        tests/reference/data/empty_level_frame.csv (sampling frame of empty_level),
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
#   test = descriptives:   var1 = item; statistic n_valid, n_missing, n_dont_know, mean, median, sd (n - 1),
#                          q1, q3 (quantile type 6), iqr, mode (smallest most frequent), agree_percent (top two
#                          levels, of valid), agree_ci_low/high (prop.test(correct = FALSE), percent),
#                          disagree_percent (bottom two levels), dont_know_percent (of all respondents)
#   test = kruskal_wallis also: epsilon_sq = H/(n-1), eta_sq_h = (H-k+1)/(n-k) from kruskal.test's H, n complete
#                          cases, k levels present; eta_sq_h_rstatix = rstatix::kruskal_effsize on the complete cases
#   test = dunn:           var1 = item, var2 = factor, level = "a-b" (level codes, a < b); rstatix::dunn_test:
#                          n1, n2, mean_rank1, mean_rank2, statistic (rstatix's z = (mean rank b - mean rank a)/SE),
#                          p, p_holm and p_bonferroni (p.adj within the test)
#   test = p_adjust:       var1 = family (kruskal_wallis, dunn, spearman: all p of the dataset; dataset hand: a
#                          vector with ties and NA), level = member; statistic p (input), holm, BH, bonferroni
#   test = kendall:        as spearman, cor.test(method = "kendall", exact = FALSE): tau_b, p, n
#   test = spearman_ci, kendall_ci: level = <method>_<confidence>; statistic ci_low, ci_high:
#                          tanh(atanh(r) -+ qnorm(1 - (1 - conf)/2) * SE) from cor.test's r and the complete pairs n
#   test = wilson:         dataset hand, var1 = k, var2 = n; prop.test(k, n, correct = FALSE)$conf.int: low, high
#   test = reliability:    dataset scale, var1 = index; n (complete cases), k, alpha (psych::alpha raw_alpha),
#                          alpha_ci_low/high (Feldt); test = reliability_item, var2 = item: item_rest_r
#                          (item.stats$r.drop), alpha_if_deleted (alpha.drop$raw_alpha)
#   test = weights:        dataset empty_level, var1 = factor, level = code; weight = frame share / sample share
#   test = weighted_descriptives: var1 = item; n_valid, mean_weighted (weighted.mean), sd_weighted
#                          (sqrt(sum(w(x-m)^2)/(sum(w)-1))), agree_percent_weighted, n_effective (Kish), deff

DIR <- file.path("tests", "reference")
DATA <- file.path(DIR, "data")
DONT_KNOW <- 6
FACTOR_MISSING <- 9
DATASETS <- c("ties3", "empty_level", "heavy", "scale")
AGREE <- 4:5
DISAGREE <- 1:2
CONFIDENCE <- c(0.95, 0.90)
# The composite index of dataset scale, as the test codebook declares it.
INDEX <- list(id = "scale_index", items = c("q1", "q2", "q3", "q4"), reversed = "q3")
WEIGHTED <- list(dataset = "empty_level", frame = "empty_level_frame.csv", factor = "group")

stopifnot(dir.exists(DATA))
suppressPackageStartupMessages({
  library(rstatix)
  library(psych)
})

num <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))  # NaN: likertpipe must give NaN too

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
  h <- unname(kt$statistic)
  n <- length(v)
  k <- nlevels(g)
  add(dataset, "kruskal_wallis", var1, var2, "", "H", h)
  add(dataset, "kruskal_wallis", var1, var2, "", "df", unname(kt$parameter))
  add(dataset, "kruskal_wallis", var1, var2, "", "p", kt$p.value)
  add(dataset, "kruskal_wallis", var1, var2, "", "n", n)
  add(dataset, "kruskal_wallis", var1, var2, "", "k", k)
  add(dataset, "kruskal_wallis", var1, var2, "", "epsilon_sq", h / (n - 1))
  add(dataset, "kruskal_wallis", var1, var2, "", "eta_sq_h", (h - k + 1) / (n - k))
  # rstatix agrees only when given the complete cases: on the raw rows it counts rows with NA in n.
  complete <- data.frame(value = v, group = g)
  add(dataset, "kruskal_wallis", var1, var2, "", "eta_sq_h_rstatix", kruskal_effsize(complete, value ~ group)$effsize)
  r <- rank(v)  # midranks for ties
  means <- tapply(r, g, mean)
  counts <- tapply(r, g, length)
  for (lv in levels(g)) {
    add(dataset, "mean_rank", var1, var2, lv, "n", counts[[lv]])
    add(dataset, "mean_rank", var1, var2, lv, "mean_rank", means[[lv]])
  }
}

dunn <- function(dataset, value, group, var1, var2) {
  ok <- complete.cases(value, group)
  d <- data.frame(value = value[ok], group = factor(group[ok]))
  holm <- as.data.frame(dunn_test(d, value ~ group, p.adjust.method = "holm", detailed = TRUE))
  bonferroni <- as.data.frame(dunn_test(d, value ~ group, p.adjust.method = "bonferroni", detailed = TRUE))
  stopifnot(identical(holm$p, bonferroni$p))
  for (i in seq_len(nrow(holm))) {
    pair <- paste(holm$group1[i], holm$group2[i], sep = "-")
    add(dataset, "dunn", var1, var2, pair, "n1", holm$n1[i])
    add(dataset, "dunn", var1, var2, pair, "n2", holm$n2[i])
    add(dataset, "dunn", var1, var2, pair, "mean_rank1", holm$estimate1[i])
    add(dataset, "dunn", var1, var2, pair, "mean_rank2", holm$estimate2[i])
    add(dataset, "dunn", var1, var2, pair, "statistic", holm$statistic[i])
    add(dataset, "dunn", var1, var2, pair, "p", holm$p[i])
    add(dataset, "dunn", var1, var2, pair, "p_holm", holm$p.adj[i])
    add(dataset, "dunn", var1, var2, pair, "p_bonferroni", bonferroni$p.adj[i])
  }
  setNames(holm$p, paste(var1, paste(holm$group1, holm$group2, sep = "-"), sep = ":"))
}

p_adjust <- function(dataset, family, p) {
  for (member in names(p)) add(dataset, "p_adjust", family, "", member, "p", p[[member]])
  for (method in c("holm", "BH", "bonferroni")) {
    adjusted <- p.adjust(p, method)
    for (member in names(p)) add(dataset, "p_adjust", family, "", member, method, adjusted[[member]])
  }
}

# Standard error of atanh(r) per coefficient and interval method (see correlate.confidence_interval).
ci_se <- function(coefficient, method, r, n) {
  if (method == "fisher") return(1 / sqrt(n - 3))
  if (coefficient == "kendall") return(sqrt(0.437 / (n - 4)))
  if (method == "fieller") return(sqrt(1.06 / (n - 3)))
  sqrt((1 + r^2 / 2) / (n - 3))  # bonett_wright
}

correlation <- function(dataset, x, y, var1, var2, method) {
  ok <- complete.cases(x, y)  # pairwise deletion
  ct <- cor.test(x[ok], y[ok], method = method, exact = FALSE)
  r <- unname(ct$estimate)
  n <- sum(ok)
  add(dataset, method, var1, var2, "", c(spearman = "rho", kendall = "tau_b")[[method]], r)
  add(dataset, method, var1, var2, "", "p", ct$p.value)
  add(dataset, method, var1, var2, "", "n", n)
  for (ci_method in c("fieller", "bonett_wright", "fisher")) {
    for (conf in CONFIDENCE) {
      half <- qnorm(1 - (1 - conf) / 2) * ci_se(method, ci_method, r, n)
      level <- sprintf("%s_%.2f", ci_method, conf)
      add(dataset, paste0(method, "_ci"), var1, var2, level, "ci_low", tanh(atanh(r) - half))
      add(dataset, paste0(method, "_ci"), var1, var2, level, "ci_high", tanh(atanh(r) + half))
    }
  }
  ct$p.value
}

reliability <- function(dataset, valid) {
  x <- as.data.frame(valid[INDEX$items])
  for (item in INDEX$reversed) x[[item]] <- 6 - x[[item]]  # scale 1-5: lowest + highest - answer
  x <- x[complete.cases(x), ]
  n <- nrow(x)
  k <- ncol(x)
  a <- psych::alpha(x, warnings = FALSE)
  alpha <- a$total$raw_alpha
  # Feldt (1965): 1 - (1 - alpha) * F quantiles with n - 1 and (n - 1)(k - 1) df
  df1 <- n - 1
  df2 <- (n - 1) * (k - 1)
  add(dataset, "reliability", INDEX$id, "", "", "n", n)
  add(dataset, "reliability", INDEX$id, "", "", "k", k)
  add(dataset, "reliability", INDEX$id, "", "", "alpha", alpha)
  add(dataset, "reliability", INDEX$id, "", "", "alpha_ci_low", 1 - (1 - alpha) * qf(0.975, df1, df2))
  add(dataset, "reliability", INDEX$id, "", "", "alpha_ci_high", 1 - (1 - alpha) * qf(0.025, df1, df2))
  for (item in INDEX$items) {
    add(dataset, "reliability_item", INDEX$id, item, "", "item_rest_r", a$item.stats[item, "r.drop"])
    add(dataset, "reliability_item", INDEX$id, item, "", "alpha_if_deleted", a$alpha.drop[item, "raw_alpha"])
  }
}

weighted <- function(dataset, valid, group) {
  frame <- read.csv(file.path(DATA, WEIGHTED$frame), stringsAsFactors = FALSE)[[WEIGHTED$factor]]
  known <- group[!is.na(group)]
  codes <- sort(unique(known))
  frame_share <- sapply(codes, function(g) mean(frame == g))
  sample_share <- sapply(codes, function(g) mean(known == g))
  weight_of <- setNames(frame_share / sample_share, codes)
  for (g in codes) add(dataset, "weights", WEIGHTED$factor, "", g, "weight", weight_of[[as.character(g)]])
  w_all <- unname(weight_of[as.character(group)])  # NA where the group is missing
  for (item in names(valid)) {
    ok <- !is.na(valid[[item]]) & !is.na(w_all)
    x <- valid[[item]][ok]
    w <- w_all[ok]
    m <- weighted.mean(x, w)
    add(dataset, "weighted_descriptives", item, "", "", "n_valid", length(x))
    add(dataset, "weighted_descriptives", item, "", "", "mean_weighted", m)
    add(dataset, "weighted_descriptives", item, "", "", "sd_weighted", sqrt(sum(w * (x - m)^2) / (sum(w) - 1)))
    add(dataset, "weighted_descriptives", item, "", "", "agree_percent_weighted", 100 * sum(w[x %in% AGREE]) / sum(w))
    n_eff <- sum(w)^2 / sum(w^2)
    add(dataset, "weighted_descriptives", item, "", "", "n_effective", n_eff)
    add(dataset, "weighted_descriptives", item, "", "", "deff", length(x) / n_eff)
  }
}

smallest_mode <- function(v) {
  counts <- table(v)  # sorted by value, so which.max finds the smallest of the most frequent
  as.numeric(names(counts)[which.max(counts)])
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
    quartiles <- quantile(v, c(0.25, 0.75), type = 6, names = FALSE)
    add(dataset, "descriptives", item, "", "", "q1", quartiles[1])
    add(dataset, "descriptives", item, "", "", "q3", quartiles[2])
    add(dataset, "descriptives", item, "", "", "iqr", quartiles[2] - quartiles[1])
    add(dataset, "descriptives", item, "", "", "mode", smallest_mode(v))
    agree <- sum(v %in% AGREE)
    ci <- suppressWarnings(prop.test(agree, length(v), correct = FALSE))$conf.int
    add(dataset, "descriptives", item, "", "", "agree_percent", 100 * agree / length(v))
    add(dataset, "descriptives", item, "", "", "agree_ci_low", 100 * ci[1])
    add(dataset, "descriptives", item, "", "", "agree_ci_high", 100 * ci[2])
    add(dataset, "descriptives", item, "", "", "disagree_percent", 100 * mean(v %in% DISAGREE))
    add(dataset, "descriptives", item, "", "", "dont_know_percent",
        100 * sum(raw[[item]] == DONT_KNOW, na.rm = TRUE) / nrow(raw))
  }
  for (item in items) kruskal(dataset, valid[[item]], group, item, "group")
  dunn_p <- unlist(lapply(items, function(item) dunn(dataset, valid[[item]], group, item, "group")))
  pairs <- c(combn(items, 2, simplify = FALSE), lapply(items, function(item) c(item, "x")))
  columns <- c(valid, list(x = raw$x))
  spearman_p <- c()
  for (pair in pairs) {
    member <- paste(pair, collapse = ":")
    spearman_p[member] <- correlation(dataset, columns[[pair[1]]], columns[[pair[2]]], pair[1], pair[2], "spearman")
    correlation(dataset, columns[[pair[1]]], columns[[pair[2]]], pair[1], pair[2], "kendall")
  }
  kw_p <- sapply(items, function(item) {
    ok <- complete.cases(valid[[item]], group)
    kruskal.test(valid[[item]][ok] ~ factor(group[ok]))$p.value
  })
  p_adjust(dataset, "kruskal_wallis", kw_p)
  p_adjust(dataset, "dunn", dunn_p)
  p_adjust(dataset, "spearman", spearman_p)
  if (dataset == "scale") reliability(dataset, valid)
  if (dataset == WEIGHTED$dataset) weighted(dataset, valid, group)
}

# Hand cases: p-values with ties and a test not run (NA, left out of the family); Wilson intervals at the edges.
p_adjust("hand", "ties", c(a = 0.01, b = 0.02, c = 0.02, d = 0.04, e = NA, f = 0.04, g = 0.04, h = 0.3,
                           i = 0.005, j = 0.8, k = 0.3))
for (kn in list(c(0, 5), c(5, 5), c(1, 1), c(3, 10), c(7, 24), c(1, 40))) {
  ci <- suppressWarnings(prop.test(kn[1], kn[2], correct = FALSE))$conf.int
  add("hand", "wilson", kn[1], kn[2], "", "low", ci[1])
  add("hand", "wilson", kn[1], kn[2], "", "high", ci[2])
}

# R's documented example (?kruskal.test): H = 29.26657631, df = 4, p = 6.900714119e-06.
air <- datasets::airquality[, c("Ozone", "Month")]
write.table(air, file.path(DATA, "airquality.csv"), sep = ",", row.names = FALSE, quote = FALSE, na = "",
            eol = "\n")
kt <- kruskal.test(Ozone ~ Month, data = airquality)
stopifnot(abs(kt$statistic - 29.26657631) < 1e-8, kt$parameter == 4, abs(kt$p.value - 6.900714119e-06) < 1e-14)
kruskal("airquality", air$Ozone, air$Month, "Ozone", "Month")
invisible(dunn("airquality", air$Ozone, air$Month, "Ozone", "Month"))

# rstatix::kruskal_effsize on raw rows counts the rows with a missing value in n (shown here, not a reference):
ok <- complete.cases(air)
cat(sprintf("rstatix::kruskal_effsize(airquality, Ozone ~ Month): n = %d (rows), eta2[H] = %.6f; on the %d complete cases: %.6f\n",
            kruskal_effsize(air, Ozone ~ Month)$n, kruskal_effsize(air, Ozone ~ Month)$effsize, sum(ok),
            kruskal_effsize(air[ok, ], Ozone ~ Month)$effsize))

out <- do.call(rbind, rows)
write.table(out, file.path(DIR, "r_reference.csv"), sep = ",", row.names = FALSE, quote = FALSE, na = "",
            eol = "\n", fileEncoding = "UTF-8")
cat(sprintf("%s: wrote %d values (%s; rstatix %s, psych %s)\n", file.path(DIR, "r_reference.csv"), nrow(out),
            R.version.string, packageVersion("rstatix"), packageVersion("psych")))
