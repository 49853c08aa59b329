from personakit.cli import main

main()
