# bash completion for factql. Source it, or install it into
# /usr/share/bash-completion/completions/factql (make install does).
_factql() {
    local current previous
    current="${COMP_WORDS[COMP_CWORD]}"
    previous="${COMP_WORDS[COMP_CWORD-1]}"
    case "$previous" in
        --format) COMPREPLY=($(compgen -W "table csv json" -- "$current")); return ;;
        --facts|--init) COMPREPLY=($(compgen -f -- "$current")); return ;;
        -e|--execute|--timeout) return ;;
    esac
    if [[ "$current" == -* ]]; then
        COMPREPLY=($(compgen -W "-e --execute --facts --empty --format --keep-going --timeout -i --interactive --init --no-init --help --version" -- "$current"))
    else
        COMPREPLY=($(compgen -f -- "$current"))
    fi
}
complete -o filenames -F _factql factql
