# Independent reference values for likertpipe.change_models (difference in change, CR1 and the wild cluster
# bootstrap), in base R with sandwich and lmtest.
#
# Run from the repository root:  Rscript tests/reference/change_reference.R   (about 15 minutes)
# Reads data_raw/statlig_finansiering/demo_export.csv; writes tests/reference/change_reference.csv:
# comparison, variable, group, contrast, statistic, value (17 significant digits).
#
# Coding, done here independently of likertpipe: items b1-b6, k1-k4: 1-5 answers, 6 (don't know) and empty
# missing; year 2016-2021 = waves 1-6 (time t = year - 2016); gruppe 1 trial, 2 control (the reference),
# 3 joining late; kommune 1-6 the clusters. Indices: brukermedvirkning = mean of b1-b6 with b4 as 6 - b4 over
# the answered ones, given with at least 4 answered; kompetanse_samarbeid = mean of k1-k4, at least 3.
#
# Models (one per variable and contrast, all three groups): first_last: waves 2016 and 2021,
# y ~ G1 + G3 + L + G1:L + G3:L (L = 1 in 2021); trend: every wave, y ~ G1 + G3 + t + G1:t + G3:t.
#   estimate: lm's coefficient of the group's interaction
#   se, p_cr1, ci_low_cr1, ci_high_cr1: sandwich::vcovCL(fit, cluster = ~kommune, type = "HC1") (CR1, with
#       G/(G-1)); lmtest::coeftest with df = G - 1 = 5; interval estimate -+ qt(0.975, 5) se
#   p: the wild cluster bootstrap with the null imposed, computed by building every bootstrap sample: the
#       model without the interaction (or with it fixed at b0) is fitted, y* = its fit + w_g * its residuals for
#       each of the 6^6 = 46656 vectors of Webb's weights (+-sqrt(1/2), +-1, +-sqrt(3/2)), the full model is
#       refitted to y*, and t* = (b* - b0) / CR1 se*; p = mean(|t*| >= |t| (1 - 1e-9))
#   p_at_<b0>: that p with the null b0 (a grid around the estimate), for the two indices
#   ci_low, ci_high: for brukermedvirkning, trial, first_last: the bootstrap test inverted, from the estimate
#       outward in steps se, 2 se, 4 se ... to a rejected b0, then 60 bisection steps (as likertpipe does)
#   These are the rows of comparison "difference". The rows of comparison "change" are each group's own change:
#   lm(y ~ relevel(factor(gruppe), ref = g) * time), the same model with group g as the reference, whose time
#   coefficient is g's change (first to last wave, or per wave); its CR1 se and p, and the wild bootstrap p with
#   the time coefficient's null imposed (and, for brukermedvirkning, control, first_last, its interval).

suppressPackageStartupMessages({library(sandwich); library(lmtest)})
raw <- read.csv(file.path("data_raw", "statlig_finansiering", "demo_export.csv"), colClasses = "character")
valid <- function(x) { v <- suppressWarnings(as.numeric(x)); v[!(v %in% 1:5)] <- NA; v }
d <- data.frame(year = as.integer(raw$aar), gruppe = as.integer(raw$gruppe), kommune = as.integer(raw$kommune))
items <- c(paste0("b", 1:6), paste0("k", 1:4))
for (item in items) d[[item]] <- valid(raw[[item]])
index <- function(m, minimum) ifelse(rowSums(!is.na(m)) >= minimum, rowMeans(m, na.rm = TRUE), NA)
d$brukermedvirkning <- index(cbind(d$b1, d$b2, d$b3, 6 - d$b4, d$b5, d$b6), 4)
d$kompetanse_samarbeid <- index(cbind(d$k1, d$k2, d$k3, d$k4), 3)
webb <- c(-sqrt(1.5), -1, -sqrt(0.5), sqrt(0.5), 1, sqrt(1.5))
W <- as.matrix(expand.grid(rep(list(webb), 6)))

out <- list()
comparison <- "difference"
put <- function(variable, group, contrast, statistic, value) {
  out[[length(out) + 1]] <<- data.frame(comparison = comparison, variable = variable, group = group,
                                        contrast = contrast, statistic = statistic, value = sprintf("%.17g", value))
}

cr1_se <- function(X, U, cl, k, A) {
  # CR1 se of coefficient k for each column of residuals U: q * sum_g (A[k, g] . U[g, ])^2
  G <- length(unique(cl)); n <- nrow(X); q <- G / (G - 1) * (n - 1) / (n - ncol(X))
  s <- rowsum(A[k, ] * U, cl)
  sqrt(q * colSums(s^2))
}

wild_p <- function(X, y, cl, k, b0) {
  A <- solve(crossprod(X), t(X))
  beta <- A %*% y
  t_obs <- (beta[k] - b0) / cr1_se(X, y - X %*% beta, cl, k, A)
  Xr <- X[, -k, drop = FALSE]
  shifted <- y - b0 * X[, k]
  fit_r <- lm.fit(Xr, shifted)
  base <- fit_r$fitted.values + b0 * X[, k]
  clusters <- match(cl, sort(unique(cl)))
  hits <- 0
  for (chunk in split(seq_len(nrow(W)), ceiling(seq_len(nrow(W)) / 4000))) {
    Ystar <- base + fit_r$residuals * t(W[chunk, , drop = FALSE])[clusters, , drop = FALSE]
    Bstar <- A %*% Ystar
    t_star <- (Bstar[k, ] - b0) / cr1_se(X, Ystar - X %*% Bstar, cl, k, A)
    hits <- hits + sum(abs(t_star) >= abs(t_obs) * (1 - 1e-9))
  }
  hits / nrow(W)
}

put_interval <- function(m, k, est, se, g, X = m$X) {
  # the bootstrap test inverted, from the estimate outward in steps se, 2 se, 4 se ... to a rejected b0, then 60
  # bisection steps (as likertpipe does)
  for (side in c(-1, 1)) {
    inside <- est; step <- se
    while (wild_p(X, m$y, m$cl, k, est + side * step) >= 0.05) { inside <- est + side * step; step <- 2 * step }
    outside <- est + side * step
    for (i in 1:60) {
      middle <- (inside + outside) / 2
      if (wild_p(X, m$y, m$cl, k, middle) >= 0.05) inside <- middle else outside <- middle
    }
    put(m$variable, g, m$contrast, if (side < 0) "ci_low" else "ci_high", (inside + outside) / 2)
  }
}

design <- function(variable, contrast) {
  keep <- !is.na(d[[variable]])
  if (contrast == "first_last") keep <- keep & d$year %in% c(2016, 2021)
  s <- d[keep, ]
  time <- if (contrast == "first_last") as.numeric(s$year == 2021) else s$year - 2016
  g1 <- as.numeric(s$gruppe == 1); g3 <- as.numeric(s$gruppe == 3)
  list(X = cbind(1, g1, g3, time, g1 * time, g3 * time), y = s[[variable]], cl = s$kommune, variable = variable,
       contrast = contrast,
       frame = data.frame(y = s[[variable]], g1 = g1, g3 = g3, time = time, kommune = s$kommune))
}

for (variable in c(items, "brukermedvirkning", "kompetanse_samarbeid")) for (contrast in c("first_last", "trend")) {
  m <- design(variable, contrast)
  fit <- lm(y ~ g1 + g3 + time + g1:time + g3:time, data = m$frame)
  V <- vcovCL(fit, cluster = ~kommune, type = "HC1")
  test <- coeftest(fit, vcov. = V, df = 5)
  for (g in c(1, 3)) {
    name <- paste0("g", g, ":time")
    k <- match(name, names(coef(fit)))
    est <- unname(coef(fit)[name]); se <- sqrt(V[name, name])
    put(variable, g, contrast, "n", nrow(m$X))
    put(variable, g, contrast, "estimate", est)
    put(variable, g, contrast, "se", se)
    put(variable, g, contrast, "p_cr1", test[name, "Pr(>|t|)"])
    put(variable, g, contrast, "ci_low_cr1", est - qt(0.975, 5) * se)
    put(variable, g, contrast, "ci_high_cr1", est + qt(0.975, 5) * se)
    put(variable, g, contrast, "p", wild_p(m$X, m$y, m$cl, k, 0))
    if (variable %in% c("brukermedvirkning", "kompetanse_samarbeid")) {
      for (step in c(-2, -0.5, 0.5, 2)) {
        b0 <- est + step * se
        put(variable, g, contrast, sprintf("p_at_%+.1f_se", step), wild_p(m$X, m$y, m$cl, k, b0))
      }
    }
    if (variable == "brukermedvirkning" && g == 1 && contrast == "first_last") put_interval(m, k, est, se, g)
  }
}

# Each group's own change: the model refitted with that group as the reference; its time coefficient.
comparison <- "change"
for (variable in c(items, "brukermedvirkning", "kompetanse_samarbeid")) for (contrast in c("first_last", "trend")) {
  m <- design(variable, contrast)
  gruppe <- ifelse(m$frame$g1 == 1, 1, ifelse(m$frame$g3 == 1, 3, 2))
  for (g in c(1, 2, 3)) {
    frame <- transform(m$frame, gruppe = relevel(factor(gruppe), ref = as.character(g)))
    fit <- lm(y ~ gruppe * time, data = frame)
    X <- model.matrix(fit)
    V <- vcovCL(fit, cluster = ~kommune, type = "HC1")
    test <- coeftest(fit, vcov. = V, df = 5)
    k <- match("time", colnames(X))
    est <- unname(coef(fit)["time"]); se <- sqrt(V["time", "time"])
    put(variable, g, contrast, "n", nrow(X))
    put(variable, g, contrast, "estimate", est)
    put(variable, g, contrast, "se", se)
    put(variable, g, contrast, "p_cr1", test["time", "Pr(>|t|)"])
    put(variable, g, contrast, "ci_low_cr1", est - qt(0.975, 5) * se)
    put(variable, g, contrast, "ci_high_cr1", est + qt(0.975, 5) * se)
    put(variable, g, contrast, "p", wild_p(X, m$y, m$cl, k, 0))
    if (variable == "brukermedvirkning" && g == 2 && contrast == "first_last") put_interval(m, k, est, se, g, X)
  }
}
write.csv(do.call(rbind, out), file.path("tests", "reference", "change_reference.csv"), row.names = FALSE,
          quote = FALSE)
