rule markdown_table:
    input:
        "results/{study}/tables/{table}.csv",
    output:
        "results/{study}/tables/{table}.md",
    log:
        "logs/{study}/markdown_{table}.log",
    script:
        "../scripts/markdown_table.py"
