<?cs # subject.cs: the subject line of mail/<kind>.cs (one line; control characters are dropped) ?><?cs call:subject() ?>
