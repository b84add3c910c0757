<?cs # waitlist_form.cs: "Notify me" on the restaurant page: wait for a table on the date and party shown ?>
   <details class="waitlist-form" id="notify"<?cs if:Page.Waitlist.Open || Query.notify || !subcount(Page.Book.Times) ?> open<?cs /if ?>>
    <summary><?cs var:Lang.Diner.WaitlistForm.summary ?></summary>
    <form method="post" action="/r/<?cs var:Page.R.Slug ?>/waitlist#notify">
     <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
     <input type="hidden" name="date" value="<?cs var:Page.Book.Date ?>">
     <input type="hidden" name="party" value="<?cs var:Page.Book.Party ?>">
     <?cs call:field_error(Form.Waitlist.date) ?><?cs call:field_error(Form.Waitlist.party) ?>
     <p class="muted"><?cs var:Lang.Diner.WaitlistForm.on ?> <?cs var:Page.Book.Date ?> <?cs var:Lang.Diner.WaitlistForm.for ?> <?cs var:Page.Book.Party ?><?cs if:Page.Book.PartyWord ?> <?cs var:Page.Book.PartyWord ?><?cs /if ?>: <?cs var:Lang.Diner.WaitlistForm.how ?></p>
     <div class="field"><label for="w-from"><?cs var:Lang.Diner.WaitlistForm.from ?></label><input id="w-from" type="time" name="from" value="<?cs var:Query.from ?><?cs if:!Query.from ?><?cs var:Query.time ?><?cs /if ?>" required><?cs call:field_error(Form.Waitlist.from) ?></div>
     <div class="field"><label for="w-to"><?cs var:Lang.Diner.WaitlistForm.to ?></label><input id="w-to" type="time" name="to" value="<?cs var:Query.to ?>"><?cs call:field_error(Form.Waitlist.to) ?></div>
     <?cs if:Session.User.Name ?>
     <p class="muted"><?cs var:Lang.Diner.WaitlistForm.account_address ?></p>
     <?cs else ?>
     <div class="field"><label for="w-name"><?cs var:Lang.Diner.WaitlistForm.name ?></label><input id="w-name" name="name" value="<?cs var:Query.name ?>" maxlength="100" required><?cs call:field_error(Form.Waitlist.name) ?></div>
     <div class="field"><label for="w-email"><?cs var:Lang.Diner.WaitlistForm.email ?></label><input id="w-email" type="email" name="email" value="<?cs var:Query.email ?>" maxlength="254" required><?cs call:field_error(Form.Waitlist.email) ?></div>
     <?cs /if ?>
     <?cs if:Form.Waitlist.email && Session.User.Name ?><?cs call:field_error(Form.Waitlist.email) ?><?cs /if ?>
     <div class="field field-submit"><button type="submit" id="notify-me"><?cs var:Lang.Diner.WaitlistForm.notify ?></button></div>
    </form>
   </details>
