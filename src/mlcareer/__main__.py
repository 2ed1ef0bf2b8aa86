from mlcareer.cli import main

main()
