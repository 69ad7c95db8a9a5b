rule manifest:
    input:
        unpack(manifest_inputs),
    output:
        "results/{study}/manifest.json",
    log:
        "logs/{study}/manifest.log",
    conda:
        "../../envs/environment.yaml"
    params:
        library=LIBRARY,
        config=config_in_force,
    script:
        "../scripts/manifest.py"
