# fish completion for factql. Install into ~/.config/fish/completions/ (make install uses
# /usr/local/share/fish/vendor_completions.d).
complete -c factql -s e -l execute -x -d 'run a statement'
complete -c factql -l facts -r -F -d 'load a fact file first'
complete -c factql -l empty -d 'start with no built-in facts'
complete -c factql -l format -x -a 'table csv json' -d 'output format'
complete -c factql -l keep-going -d 'go on after a failed statement'
complete -c factql -l timeout -x -d 'stop queries running longer than SECONDS'
complete -c factql -s i -l interactive -d 'start the REPL after the files and statements'
complete -c factql -l init -r -F -d 'run FILE as the REPL start-up file'
complete -c factql -l no-init -d 'run no start-up file in the REPL'
complete -c factql -s h -l help -d 'show help'
complete -c factql -s V -l version -d 'show the version'
