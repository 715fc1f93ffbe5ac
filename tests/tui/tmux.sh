: # tmux tests come here
