# Reference numbers for the degenerate cases of #13 ("No crash on ordinary data"), as R computes them.
# Run: Rscript tests/reference/degenerate_reference.R   (base R only; the numbers are copied into the tests named)
options(digits = 17)
show <- function(what, value) cat(sprintf("%-60s %s\n", what, paste(format(value, digits = 17), collapse = " ")))
spearman <- function(x, y) suppressWarnings(cor.test(x, y, method = "spearman", exact = FALSE))

# test_counts.py::test_perfectly_monotone_pair_has_rho_one_and_p_zero: |rho| = 1 gives S = 0, t = Inf, p = 0.
r <- spearman(c(2, 4, 5), c(1, 3, 5)); show("spearman (2,4,5) ~ (1,3,5): rho S p", c(r$estimate, r$statistic, r$p.value))
r <- spearman(c(2, 4, 5), c(5, 3, 1)); show("spearman (2,4,5) ~ (5,3,1): rho p", c(r$estimate, r$p.value))
r <- spearman(c(1, 1, 2, 2, 3, 3, 4), c(1, 1, 2, 2, 3, 3, 5)); show("spearman tied monotone: rho p", c(r$estimate, r$p.value))
# R's own rho can miss 1 by an ulp (here 0.99999999999999978), and then its p is a tiny artefact, not 0:
r <- spearman(c(1, 2, 2, 2, 3), c(1, 2, 2, 2, 4)); show("spearman (1,2,2,2,3) ~ (1,2,2,2,4): rho p", c(r$estimate, r$p.value))
# n = 2: rho is +-1 or undefined, p NaN (no df)
r <- spearman(c(1, 2), c(1, 2)); show("spearman n = 2: rho p", c(r$estimate, r$p.value))
# test_counts.py::test_t_test_p_at_the_edges
r <- spearman(c(1, 2, 3, 4, 5), c(2, 1, 4, 3, 5)); show("spearman (1..5) ~ (2,1,4,3,5): rho p", c(r$estimate, r$p.value))
# Kendall tau-b of a perfectly monotone pair: tau 1 and an ordinary p from the normal approximation
r <- cor.test(c(2, 4, 5), c(1, 3, 5), method = "kendall", exact = FALSE); show("kendall (2,4,5) ~ (1,3,5): tau p", c(r$estimate, r$p.value))
r <- cor.test(c(1, 1, 2, 2, 3, 3, 4), c(1, 1, 2, 2, 3, 3, 5), method = "kendall", exact = FALSE)
show("kendall tied monotone: tau p", c(r$estimate, r$p.value))
# Kruskal-Wallis: every answer equal gives H = NaN (0/0) and a df R still prints; one group is an error.
r <- suppressWarnings(kruskal.test(c(3, 3, 3, 3), c(1, 1, 2, 2))); show("kruskal all equal: H df p", c(r$statistic, r$parameter, r$p.value))
show("kruskal one group", tryCatch(kruskal.test(c(1, 2, 3), c(1, 1, 1))$p.value, error = function(e) conditionMessage(e)))
# Mann-Whitney with every answer equal: W = n1 n2 / 2, p NaN.
r <- suppressWarnings(wilcox.test(c(2, 2, 2), c(2, 2), exact = FALSE, correct = FALSE)); show("wilcox all equal: W p", c(r$statistic, r$p.value))
