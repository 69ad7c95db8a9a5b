"""The figures: their style (`style`), reproducible saving (`save`), and one module per family: answer
distributions, correlations, group-test mean ranks, trends across waves, the open-text coding tally. Every
figure is drawn from the protected result tables only."""
